package io.clickstream.contract;

import static io.clickstream.contract.SilverFields.*;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The Connect schemas of the Silver table's columns as {@link SilverFields} declares them: the event with its date
 * ({@link #EVENT_COLUMNS}), the columns each enrichment writes ({@link #GEOIP_COLUMNS}, {@link #USER_AGENT_COLUMNS})
 * and the lineage ({@link #LINEAGE_COLUMNS}); {@link #EVENT} is all of them, the struct the parse transform writes.
 */
public final class SilverSchema {

    /** The schema name of the parsed event; the enrichments keep it when they add their columns. */
    public static final String EVENT_SCHEMA_NAME = "io.clickstream.silver.Event";

    public static final Schema MONEY = Decimal.builder(MONEY_SCALE)
            .parameter("connect.decimal.precision", Integer.toString(MONEY_PRECISION))
            .optional()
            .build();
    private static final Schema OPTIONAL_TIMESTAMP =
            Timestamp.builder().optional().build();

    /** Event columns, in table order: required ones first as {@link SilverFields} lists them. */
    public static final List<Column> EVENT_COLUMNS = List.of(
            new Column(EVENT_ID, Schema.STRING_SCHEMA),
            new Column(EVENT_TYPE, Schema.STRING_SCHEMA),
            new Column(EVENT_TIME, Timestamp.SCHEMA),
            new Column(EVENT_DATE, Schema.STRING_SCHEMA),
            new Column(USER_ID, Schema.STRING_SCHEMA),
            new Column(SESSION_ID, Schema.STRING_SCHEMA),
            new Column(PAGE_URL, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(PAGE_PATH, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(REFERRER, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(REFERRER_HOST, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(UTM_SOURCE, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(UTM_MEDIUM, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(UTM_CAMPAIGN, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(IP_ADDRESS, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(USER_AGENT, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(DEVICE, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(PRODUCT_ID, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(CATEGORY, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(PRICE, MONEY),
            new Column(QUANTITY, Schema.OPTIONAL_INT32_SCHEMA),
            new Column(SEARCH_QUERY, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(REVENUE, MONEY),
            new Column(CURRENCY, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(ORDER_ID, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(LATE, Schema.OPTIONAL_BOOLEAN_SCHEMA));

    /** Where each Silver row comes from: the Bronze row's key and the Kafka timestamp. */
    public static final List<Column> LINEAGE_COLUMNS = List.of(
            new Column(KAFKA_TOPIC, Schema.STRING_SCHEMA),
            new Column(KAFKA_PARTITION, Schema.INT32_SCHEMA),
            new Column(KAFKA_OFFSET, Schema.INT64_SCHEMA),
            new Column(KAFKA_TIMESTAMP, Timestamp.SCHEMA));

    public static final List<Column> GEOIP_COLUMNS = List.of(
            new Column(IP_CLASS, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(COUNTRY_ISO, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(COUNTRY_NAME, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(SUBDIVISION, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(CITY, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(POSTAL_CODE, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(LATITUDE, Schema.OPTIONAL_FLOAT64_SCHEMA),
            new Column(LONGITUDE, Schema.OPTIONAL_FLOAT64_SCHEMA),
            new Column(ACCURACY_RADIUS_KM, Schema.OPTIONAL_INT32_SCHEMA),
            new Column(TIME_ZONE, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(ASN, Schema.OPTIONAL_INT64_SCHEMA),
            new Column(ASN_ORG, Schema.OPTIONAL_STRING_SCHEMA));

    public static final List<Column> USER_AGENT_COLUMNS = List.of(
            new Column(BROWSER_FAMILY, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(BROWSER_VERSION, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(OS_FAMILY, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(OS_VERSION, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(DEVICE_CLASS, Schema.OPTIONAL_STRING_SCHEMA),
            new Column(IS_BOT, Schema.OPTIONAL_BOOLEAN_SCHEMA));

    /** Every Silver column, in {@link SilverFields#ALL} order: event, GeoIP, user agent, lineage. */
    public static final List<Column> ALL_COLUMNS = Stream.of(
                    EVENT_COLUMNS, GEOIP_COLUMNS, USER_AGENT_COLUMNS, LINEAGE_COLUMNS)
            .flatMap(List::stream)
            .toList();

    /**
     * The Silver row the parse transform writes, without unknown fields: every column, the enrichments' still null,
     * so {@code GeoIpEnrich} and {@code UserAgentEnrich} fill the struct in place instead of copying it.
     */
    public static final Schema EVENT = eventSchema(Map.of());

    /** One column: its name and its Connect schema. */
    public record Column(String name, Schema schema) {}

    /** {@link #EVENT} plus extra optional columns (unknown fields kept), in the given order after the Silver ones. */
    public static Schema eventSchema(Map<String, Schema> extra) {
        SchemaBuilder builder = SchemaBuilder.struct().name(EVENT_SCHEMA_NAME);
        for (Column column : ALL_COLUMNS) {
            builder.field(column.name(), column.schema());
        }
        extra.forEach(builder::field);
        return builder.build();
    }

    private SilverSchema() {}
}
