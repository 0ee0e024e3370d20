package io.clickstream.connect.transforms.parse;

import io.clickstream.connect.transforms.RecordSide;
import io.clickstream.connect.transforms.suppress.SuppressedUsers;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Parses and validates a raw click event into the Silver event struct ({@code SilverSchema.EVENT}, plus kept
 * unknown fields). Use {@link Value} (the event is the record's value) or {@link Key}.
 *
 * <p>Contract: a valid event becomes a struct whose columns are {@code SilverFields}' event, date and lineage
 * columns; anything else raises an {@link InvalidEvent} (a {@code DataException}) naming the field and the reason,
 * which the worker's {@code errors.tolerance=all} sends to the dead-letter queue with the original bytes. The
 * transform keeps no state between records beyond bounded schema caches, so retries and restarts give the same
 * result for the same record.
 *
 * <p>Lineage (topic, partition, offset, Kafka timestamp) comes from the {@link SinkRecord}: in a source connector's
 * chain there is no offset yet, so every record is rejected with a message saying so.
 */
public abstract class ParseClickEvent<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String OVERVIEW_DOC = "Parse and validate a raw clickstream event (JSON text as string or "
            + "bytes, or an already decoded map or struct) into a typed Silver struct: event time as Timestamp, money as "
            + "Decimal(18,2), quantity as int32, event_date (UTC yyyy-MM-dd), page_path, referrer_host and UTM "
            + "parameters, and lineage (kafka_topic, kafka_partition, kafka_offset, kafka_timestamp). Rejects malformed "
            + "JSON, duplicate keys, missing or mistyped fields, unknown event types, out-of-range numbers, invalid IP "
            + "addresses and URLs, over-long strings, control characters, lone surrogates and event times outside a "
            + "window around the Kafka timestamp, with a DataException naming the field and the reason, bounded and "
            + "escaped (route them to a dead-letter queue with errors.tolerance=all). Fields the event does not declare "
            + "become optional columns named in lower case, or are dropped (unknown.fields); one that breaks a column "
            + "rule (syntax, a Silver or reserved name in any case, a case-insensitive duplicate) or is past "
            + "max.unknown.fields rejects the record or is dropped (unknown.fields.on.invalid). Sink connectors only: "
            + "the lineage needs the record's offset. Events of the users listed in suppressed.users.path are dropped "
            + "(filtered, not dead-lettered); the file is re-read when it changes. "
            + "Use the concrete transformation type designed for the record key (<code>" + Key.class.getName()
            + "</code>) or value (<code>" + Value.class.getName() + "</code>).";

    public static final ConfigDef CONFIG_DEF = ParseClickEventConfig.CONFIG_DEF;

    private RawEventReader reader;
    private EventValidator validator;
    private SuppressedUsers suppressed = SuppressedUsers.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        ParseClickEventConfig config = new ParseClickEventConfig(configs);
        reader = new RawEventReader(config.maxRecordBytes());
        validator = new EventValidator(config);
        suppressed = SuppressedUsers.of(
                ParseClickEventConfig.SUPPRESSED_USERS_PATH,
                config.suppressedUsersPath(),
                config.suppressedUsersCheckIntervalMs(),
                config.maxStringLength(),
                System::nanoTime);
    }

    @Override
    public R apply(R record) {
        if (!(record instanceof SinkRecord sink)) {
            throw new InvalidEvent(
                    InvalidEvent.RECORD,
                    "ParseClickEvent runs in sink connectors only: the Silver "
                            + "lineage needs the record's Kafka offset");
        }
        if (record.timestamp() == null) {
            throw new InvalidEvent(
                    InvalidEvent.RECORD, "the Kafka record has no timestamp to check the event time against");
        }
        Lineage lineage = new Lineage(record.topic(), record.kafkaPartition(), sink.kafkaOffset(), record.timestamp());
        RawEvent raw = reader.read(side().value(record));
        if (suppressed.drops(raw.get(RawEvent.USER_ID))) {
            return null; // a forgotten user's event: dropped before anything of it is kept or quoted
        }
        Struct event = validator.toStruct(raw, lineage);
        return side().with(record, event.schema(), event);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {}

    protected abstract RecordSide side();

    /** Parses the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends ParseClickEvent<R> {
        @Override
        protected RecordSide side() {
            return RecordSide.KEY;
        }
    }

    /** Parses the record value: the usual place of the event. */
    public static final class Value<R extends ConnectRecord<R>> extends ParseClickEvent<R> {
        @Override
        protected RecordSide side() {
            return RecordSide.VALUE;
        }
    }
}
