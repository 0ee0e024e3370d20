package io.clickstream.connect.transforms.suppress;

import io.clickstream.connect.hudi.convert.BronzeUserId;
import io.clickstream.connect.transforms.RecordSide;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Drops the records of suppressed users (users who asked to be forgotten, {@link SuppressedUsers}) before a sink that
 * keeps records as they are (Bronze, the dead letters) writes them, so a redelivery or an offset reset does not bring
 * back what the forget command deleted. The user is the value's top-level {@code user_id} when the value is a JSON
 * object of strict UTF-8 (bytes or a string), read as Bronze's {@code user_id} column is ({@link BronzeUserId}); a
 * value that is not one passes. Use {@link Value} (or {@link Key}).
 */
public abstract class DropSuppressedUsers<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String OVERVIEW_DOC = "Drop the records of the users named in a suppressed users file (users "
            + "who asked to be forgotten): a record whose value is a JSON object with a top-level user_id in the file "
            + "is dropped; the file is re-read when it changes. For sinks that keep records as they are (Bronze, dead "
            + "letters); Silver's parse transform has the same key.";

    public static final ConfigDef CONFIG_DEF = DropSuppressedUsersConfig.CONFIG_DEF;

    private SuppressedUsers suppressed = SuppressedUsers.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        DropSuppressedUsersConfig config = new DropSuppressedUsersConfig(configs);
        suppressed = SuppressedUsers.of(
                DropSuppressedUsersConfig.PATH,
                config.path(),
                config.checkIntervalMs(),
                config.maxIdLength(),
                System::nanoTime);
    }

    @Override
    public R apply(R record) {
        return suppressed.drops(userId(side().value(record))) ? null : record;
    }

    static String userId(Object value) {
        if (value instanceof byte[] bytes) {
            return BronzeUserId.of(bytes, 0, bytes.length);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return BronzeUserId.of(bytes, 0, bytes.length);
        }
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return BronzeUserId.of(bytes, 0, bytes.length);
        }
        return null; // no JSON text: a decoded value's user is the parse transform's to find
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {}

    protected abstract RecordSide side();

    /** Reads the user from the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends DropSuppressedUsers<R> {
        @Override
        protected RecordSide side() {
            return RecordSide.KEY;
        }
    }

    /** Reads the user from the record value: where the event is. */
    public static final class Value<R extends ConnectRecord<R>> extends DropSuppressedUsers<R> {
        @Override
        protected RecordSide side() {
            return RecordSide.VALUE;
        }
    }
}
