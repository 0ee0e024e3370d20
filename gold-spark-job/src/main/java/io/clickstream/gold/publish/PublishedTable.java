package io.clickstream.gold.publish;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * A Gold table as Kafka Connect sees it: the record key is a struct of the primary key columns, the value a struct
 * of every column (key columns included, so a consumer other than a JDBC sink has the whole row). Column types
 * follow the table: text is STRING, integer INT32, bigint INT64, boolean BOOLEAN, numeric(18, 2) Connect's
 * {@link Decimal} with scale 2 and precision 18, timestamptz an ISO-8601 UTC string named
 * {@value #ZONED_TIMESTAMP} (Debezium's zoned timestamp, which its JDBC sink writes as {@code timestamptz}).
 */
public enum PublishedTable {
    SESSIONS(
            "sessions",
            List.of(text("session_key")),
            List.of(
                    text("user_id"),
                    text("client_session_id"),
                    time("session_start"),
                    time("session_end"),
                    int64("duration_ms"),
                    int32("events"),
                    int32("page_views"),
                    text("entry_page"),
                    text("exit_page"),
                    bool("bounced"),
                    bool("converted"),
                    bool("reached_product"),
                    bool("reached_cart"),
                    bool("reached_checkout"),
                    money("revenue"),
                    text("country_iso"),
                    optionalText("city"),
                    optionalText("device_class"),
                    optionalText("browser_family"),
                    bool("is_open"),
                    int64("batch_id"),
                    optionalDouble("latitude"),
                    optionalDouble("longitude"))),
    COUNTRY_MINUTE(
            "country_minute",
            List.of(time("minute"), text("country_iso")),
            List.of(
                    int64("events"),
                    int64("active_users"),
                    int64("purchases"),
                    money("revenue"),
                    int64("sessions_started"),
                    int64("sessions_closed"),
                    int64("bounces"),
                    int64("conversions"),
                    int64("batch_id"))),
    PAGE_MINUTE("page_minute", List.of(time("minute"), text("page_path")), List.of(int64("views"), int64("batch_id"))),
    FUNNEL_MINUTE(
            "funnel_minute",
            List.of(time("minute")),
            List.of(
                    int64("landings"),
                    int64("product_views"),
                    int64("carts"),
                    int64("checkouts"),
                    int64("purchases"),
                    int64("batch_id"))),
    BOT_MINUTE("bot_minute", List.of(time("minute")), List.of(int64("events"), int64("bot_users"), int64("batch_id")));

    /** The semantic name Debezium gives a timestamp with time zone carried as an ISO-8601 string. */
    public static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";

    private static final String SCHEMA_NAMESPACE = "io.clickstream.gold.";

    private final String table;
    private final Schema keySchema;
    private final Schema valueSchema;

    PublishedTable(String table, List<Column> keyColumns, List<Column> otherColumns) {
        this.table = table;
        this.keySchema = struct(SCHEMA_NAMESPACE + table + ".Key", keyColumns);
        this.valueSchema = struct(
                SCHEMA_NAMESPACE + table + ".Value",
                Stream.concat(keyColumns.stream(), otherColumns.stream()).toList());
    }

    /** The table in schema {@code gold}. */
    public String table() {
        return table;
    }

    public Schema keySchema() {
        return keySchema;
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    /** The rows a batch stamped with its id: every value column, in schema order. */
    String selectChangedBy() {
        return "SELECT " + valueSchema.fields().stream().map(Field::name).collect(Collectors.joining(", "))
                + " FROM gold." + table + " WHERE batch_id = ?";
    }

    Struct key(ResultSet row) throws SQLException {
        return read(row, keySchema);
    }

    Struct value(ResultSet row) throws SQLException {
        return read(row, valueSchema);
    }

    /** The key of a session row, for the tombstone of a deleted (merged) session. */
    public static Struct sessionKey(String sessionKey) {
        return new Struct(SESSIONS.keySchema).put("session_key", sessionKey);
    }

    private static Struct read(ResultSet row, Schema schema) throws SQLException {
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            String column = field.name();
            Schema type = field.schema();
            Object value;
            if (Decimal.LOGICAL_NAME.equals(type.name())) {
                value = row.getBigDecimal(column);
            } else if (ZONED_TIMESTAMP.equals(type.name())) {
                OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
                value = time == null ? null : time.toInstant().toString();
            } else {
                value = switch (type.type()) {
                    case STRING -> row.getString(column);
                    case INT32 -> row.getInt(column);
                    case INT64 -> row.getLong(column);
                    case BOOLEAN -> row.getBoolean(column);
                    case FLOAT64 -> row.getObject(column, Double.class); // NULL stays null (no GeoIP location)
                    default -> throw new IllegalStateException("no mapping for " + type.type() + " (" + column + ")");
                };
            }
            struct.put(field, value);
        }
        return struct;
    }

    private static Schema struct(String name, List<Column> columns) {
        SchemaBuilder builder = SchemaBuilder.struct().name(name);
        columns.forEach(c -> builder.field(c.name(), c.schema()));
        return builder.build();
    }

    private record Column(String name, Schema schema) {}

    private static Column text(String name) {
        return new Column(name, Schema.STRING_SCHEMA);
    }

    private static Column optionalText(String name) {
        return new Column(name, Schema.OPTIONAL_STRING_SCHEMA);
    }

    private static Column optionalDouble(String name) {
        return new Column(name, Schema.OPTIONAL_FLOAT64_SCHEMA);
    }

    private static Column int32(String name) {
        return new Column(name, Schema.INT32_SCHEMA);
    }

    private static Column int64(String name) {
        return new Column(name, Schema.INT64_SCHEMA);
    }

    private static Column bool(String name) {
        return new Column(name, Schema.BOOLEAN_SCHEMA);
    }

    private static Column money(String name) {
        return new Column(
                name,
                Decimal.builder(2).parameter("connect.decimal.precision", "18").build());
    }

    private static Column time(String name) {
        return new Column(
                name, SchemaBuilder.string().name(ZONED_TIMESTAMP).version(1).build());
    }
}
