package io.clickstream.connect.transforms.parse;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.CaseInsensitiveValidString;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Every configuration key of {@link ParseClickEvent}. */
public final class ParseClickEventConfig extends AbstractConfig {

    /** What happens to event fields {@code EventFields} does not declare. */
    public enum UnknownFields {
        KEEP,
        DROP
    }

    /** What happens to a kept unknown field that breaks a column rule or is past the per-event cap. */
    public enum InvalidUnknownField {
        DEAD_LETTER,
        DROP_FIELD
    }

    public static final String UNKNOWN_FIELDS = "unknown.fields";
    public static final String MAX_UNKNOWN_FIELDS = "max.unknown.fields";
    public static final String UNKNOWN_FIELDS_ON_INVALID = "unknown.fields.on.invalid";
    public static final String MAX_RECORD_BYTES = "max.record.bytes";
    public static final String MAX_STRING_LENGTH = "max.string.length";
    public static final String MAX_TEXT_LENGTH = "max.text.length";
    public static final String MAX_QUANTITY = "max.quantity";
    public static final String MAX_AMOUNT = "max.amount";
    public static final String EVENT_TIME_MAX_PAST_MS = "event.time.max.past.ms";
    public static final String EVENT_TIME_MAX_FUTURE_MS = "event.time.max.future.ms";
    public static final String SUPPRESSED_USERS_PATH = "suppressed.users.path";
    public static final String SUPPRESSED_USERS_CHECK_INTERVAL_MS = "suppressed.users.check.interval.ms";
    public static final long DEFAULT_SUPPRESSED_USERS_CHECK_INTERVAL_MS = 10_000L;

    public static final String DEFAULT_UNKNOWN_FIELDS = "keep";
    public static final int DEFAULT_MAX_UNKNOWN_FIELDS = 20;
    public static final String DEFAULT_UNKNOWN_FIELDS_ON_INVALID = "dead-letter";
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_STRING_LENGTH = 256;
    public static final int DEFAULT_MAX_TEXT_LENGTH = 2048;
    public static final int DEFAULT_MAX_QUANTITY = 1000;
    public static final long DEFAULT_MAX_AMOUNT = 1_000_000L;
    public static final long DEFAULT_EVENT_TIME_MAX_PAST_MS = Duration.ofDays(7).toMillis();
    public static final long DEFAULT_EVENT_TIME_MAX_FUTURE_MS =
            Duration.ofMinutes(5).toMillis();

    /** Largest amount a Decimal(18,2) holds in whole units. */
    static final long LARGEST_AMOUNT = 9_999_999_999_999_999L / 100;

    private static final String GROUP_FIELDS = "Fields";
    private static final String GROUP_LIMITS = "Limits";
    private static final String GROUP_TIME = "Event time";
    private static final String GROUP_SUPPRESSION = "Suppressed users";

    public static final ConfigDef CONFIG_DEF = configDef();

    public ParseClickEventConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(
                UNKNOWN_FIELDS,
                Type.STRING,
                DEFAULT_UNKNOWN_FIELDS,
                CaseInsensitiveValidString.in("keep", "drop"),
                Importance.MEDIUM,
                "Fields the event declaration (EventFields) does not name. 'keep': each becomes an optional column named "
                        + "by its name in lower case (Spark resolves column names case-insensitively, so Foo and foo are one "
                        + "column in every event), typed from its JSON value (string, int64, float64 or boolean; a JSON null is "
                        + "left out), so a new event field reaches the table through schema evolution. Its name must match "
                        + "[A-Za-z_][A-Za-z0-9_]{0,63} but not start with '_' (reserved: Hudi's _hoodie_ columns), must not be a "
                        + "Silver column or event field in any case (Event_Type, KAFKA_OFFSET), nor another unknown field of the "
                        + "event in another case. A field that breaks a rule is handled as "
                        + UNKNOWN_FIELDS_ON_INVALID + " says. 'drop': they are ignored.",
                GROUP_FIELDS,
                ++order,
                Width.SHORT,
                "Unknown fields");
        def.define(
                MAX_UNKNOWN_FIELDS,
                Type.INT,
                DEFAULT_MAX_UNKNOWN_FIELDS,
                Range.between(0, 200),
                Importance.LOW,
                "With unknown.fields=keep, the most unknown fields one event may carry (JSON nulls not counted); more is "
                        + "handled as " + UNKNOWN_FIELDS_ON_INVALID
                        + " says, because every new combination of fields is a new "
                        + "table schema.",
                GROUP_FIELDS,
                ++order,
                Width.SHORT,
                "Max unknown fields");
        def.define(
                UNKNOWN_FIELDS_ON_INVALID,
                Type.STRING,
                DEFAULT_UNKNOWN_FIELDS_ON_INVALID,
                CaseInsensitiveValidString.in("dead-letter", "drop-field"),
                Importance.LOW,
                "With unknown.fields=keep, what happens to an unknown field that breaks a column rule (its name's syntax, "
                        + "a reserved or Silver name in any case, a case-insensitive duplicate, a value over max.string.length, "
                        + "with a control character, or beyond int64 or float64) or is past max.unknown.fields. 'dead-letter': "
                        + "the record is rejected, the reason naming the field and the rule. 'drop-field': the field is left "
                        + "out and the record kept (past the cap, the fields after the first max.unknown.fields by name; of a "
                        + "case-insensitive duplicate, every spelling). Either way the JSON itself must be sound: malformed "
                        + "JSON, nesting, invalid UTF-8, lone surrogates and numbers out of range reject the record.",
                GROUP_FIELDS,
                ++order,
                Width.SHORT,
                "Invalid unknown fields");

        order = 0;
        def.define(
                MAX_RECORD_BYTES,
                Type.INT,
                DEFAULT_MAX_RECORD_BYTES,
                Range.between(256, 16 * 1024 * 1024),
                Importance.MEDIUM,
                "Largest record accepted, in bytes of UTF-8 JSON; a larger one is rejected before "
                        + "parsing. A simulator event is about 500 bytes.",
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Max record bytes");
        def.define(
                MAX_STRING_LENGTH,
                Type.INT,
                DEFAULT_MAX_STRING_LENGTH,
                Range.between(1, 65_536),
                Importance.LOW,
                "Longest value, in characters after trimming, of every string field but page_url, referrer and "
                        + "user_agent (ids, enums, category, search_query, currency, unknown fields).",
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Max string length");
        def.define(
                MAX_TEXT_LENGTH,
                Type.INT,
                DEFAULT_MAX_TEXT_LENGTH,
                Range.between(1, 1024 * 1024),
                Importance.LOW,
                "Longest page_url, referrer and user_agent, in characters after trimming.",
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Max URL and user-agent length");
        def.define(
                MAX_QUANTITY,
                Type.INT,
                DEFAULT_MAX_QUANTITY,
                Range.atLeast(1),
                Importance.LOW,
                "Largest quantity accepted; quantities are whole numbers from 1 to this.",
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Max quantity");
        def.define(
                MAX_AMOUNT,
                Type.LONG,
                DEFAULT_MAX_AMOUNT,
                Range.between(1, LARGEST_AMOUNT),
                Importance.LOW,
                "Largest price or revenue accepted, in whole currency units. Amounts are decimals from 0 to this with "
                        + "at most 2 fraction digits (stored as Decimal(18,2)).",
                GROUP_LIMITS,
                ++order,
                Width.SHORT,
                "Max amount");

        order = 0;
        def.define(
                EVENT_TIME_MAX_PAST_MS,
                Type.LONG,
                DEFAULT_EVENT_TIME_MAX_PAST_MS,
                Range.atLeast(0),
                Importance.MEDIUM,
                "How far an event's timestamp may lie before its Kafka record's timestamp, in "
                        + "milliseconds. Raise it to replay old data (e.g. the simulator's clock=simulated, whose records carry "
                        + "the time they were produced but events of clock.start onwards).",
                GROUP_TIME,
                ++order,
                Width.MEDIUM,
                "Max event age");
        def.define(
                EVENT_TIME_MAX_FUTURE_MS,
                Type.LONG,
                DEFAULT_EVENT_TIME_MAX_FUTURE_MS,
                Range.atLeast(0),
                Importance.MEDIUM,
                "How far an event's timestamp may lie after its Kafka record's timestamp, in "
                        + "milliseconds (client clock skew).",
                GROUP_TIME,
                ++order,
                Width.MEDIUM,
                "Max event time ahead");

        order = 0;
        def.define(
                SUPPRESSED_USERS_PATH,
                Type.STRING,
                "",
                Importance.MEDIUM,
                "A file of user ids whose events are dropped, not parsed, not dead-lettered (a user who asked to be "
                        + "forgotten; docs/lifecycle.md): one id per line, UTF-8, blank lines and lines starting with # "
                        + "ignored, at most "
                        + io.clickstream.connect.transforms.suppress.SuppressedUsers.MAX_FILE_BYTES / (1024 * 1024)
                        + " MiB. An event is "
                        + "dropped when its top-level user_id is in the file. Re-read without a restart when its size "
                        + "or modification time changes (checked every " + SUPPRESSED_USERS_CHECK_INTERVAL_MS
                        + "); if it cannot be read then, the last list read stays in force. A file that does not exist "
                        + "is an empty list until it does (the forget command creates it). Empty: no suppression.",
                GROUP_SUPPRESSION,
                ++order,
                Width.LONG,
                "Suppressed users file");
        def.define(
                SUPPRESSED_USERS_CHECK_INTERVAL_MS,
                Type.LONG,
                DEFAULT_SUPPRESSED_USERS_CHECK_INTERVAL_MS,
                Range.atLeast(100),
                Importance.LOW,
                "How often the suppressed users file is checked for changes, in milliseconds: the longest a newly "
                        + "suppressed user's events may still pass.",
                GROUP_SUPPRESSION,
                ++order,
                Width.SHORT,
                "Suppression check interval");
        return def;
    }

    public UnknownFields unknownFields() {
        return UnknownFields.valueOf(getString(UNKNOWN_FIELDS).toUpperCase(Locale.ROOT));
    }

    public InvalidUnknownField unknownFieldsOnInvalid() {
        return InvalidUnknownField.valueOf(
                getString(UNKNOWN_FIELDS_ON_INVALID).toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public int maxUnknownFields() {
        return getInt(MAX_UNKNOWN_FIELDS);
    }

    public int maxRecordBytes() {
        return getInt(MAX_RECORD_BYTES);
    }

    public int maxStringLength() {
        return getInt(MAX_STRING_LENGTH);
    }

    public int maxTextLength() {
        return getInt(MAX_TEXT_LENGTH);
    }

    public int maxQuantity() {
        return getInt(MAX_QUANTITY);
    }

    public long maxAmount() {
        return getLong(MAX_AMOUNT);
    }

    public long eventTimeMaxPastMs() {
        return getLong(EVENT_TIME_MAX_PAST_MS);
    }

    public long eventTimeMaxFutureMs() {
        return getLong(EVENT_TIME_MAX_FUTURE_MS);
    }

    public String suppressedUsersPath() {
        return getString(SUPPRESSED_USERS_PATH).trim();
    }

    public long suppressedUsersCheckIntervalMs() {
        return getLong(SUPPRESSED_USERS_CHECK_INTERVAL_MS);
    }
}
