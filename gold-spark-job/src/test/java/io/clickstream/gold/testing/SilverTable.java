package io.clickstream.gold.testing;

import io.clickstream.contract.LakeTable;
import io.clickstream.contract.SilverFields;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Silver-shaped Hudi copy-on-write table written with Spark: every column of {@link SilverFields} with the type
 * its javadoc states, keyed by {@code event_id} (a redelivery upserts the row), partitioned by {@code event_date},
 * latest {@code kafka_offset} wins. Each {@link #append} is one Hudi commit.
 */
public final class SilverTable {

    private final SparkSession spark;
    private final String path;
    private final Map<String, String> addedColumns = new LinkedHashMap<>();
    private long nextOffset;

    public SilverTable(SparkSession spark, String path) {
        this.spark = spark;
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** Silver's schema evolving: every later append carries the string column {@code name} set to {@code value}. */
    public void addColumn(String name, String value) {
        addedColumns.put(name, value);
    }

    public void append(List<SilverRow> rows) {
        List<Row> sparkRows = new ArrayList<>(rows.size());
        for (SilverRow r : rows) {
            Object[] values = toValues(r, nextOffset++);
            Object[] all = Arrays.copyOf(values, values.length + addedColumns.size());
            System.arraycopy(addedColumns.values().toArray(), 0, all, values.length, addedColumns.size());
            sparkRows.add(RowFactory.create(all));
        }
        StructType schema = schema();
        for (String column : addedColumns.keySet()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        spark.createDataFrame(sparkRows, schema)
                .write()
                .format("hudi")
                .option("hoodie.table.name", LakeTable.SILVER_EVENTS.tableName())
                .option("hoodie.datasource.write.table.type", "COPY_ON_WRITE")
                .option("hoodie.datasource.write.operation", "upsert")
                .option("hoodie.datasource.write.recordkey.field", SilverFields.EVENT_ID)
                .option("hoodie.datasource.write.partitionpath.field", SilverFields.EVENT_DATE)
                .option("hoodie.datasource.write.precombine.field", SilverFields.KAFKA_OFFSET)
                .option("hoodie.embed.timeline.server", "false")
                .mode(SaveMode.Append)
                .save(path);
    }

    private static Object[] toValues(SilverRow r, long offset) {
        Instant time = Instant.ofEpochMilli(r.eventTimeMillis());
        Object[] v = new Object[SilverFields.ALL.size()];
        put(v, SilverFields.EVENT_ID, r.eventId());
        put(v, SilverFields.EVENT_TYPE, r.eventType());
        put(v, SilverFields.EVENT_TIME, new Timestamp(r.eventTimeMillis()));
        put(
                v,
                SilverFields.EVENT_DATE,
                time.atZone(ZoneOffset.UTC).toLocalDate().toString());
        put(v, SilverFields.USER_ID, r.userId());
        put(v, SilverFields.SESSION_ID, r.sessionId());
        put(v, SilverFields.PAGE_URL, r.pageUrl());
        put(v, SilverFields.PAGE_PATH, r.pagePath());
        put(v, SilverFields.REFERRER, r.referrer());
        put(v, SilverFields.IP_ADDRESS, r.ipAddress());
        put(v, SilverFields.USER_AGENT, r.userAgent());
        put(v, SilverFields.DEVICE, r.device());
        put(v, SilverFields.REVENUE, r.revenue());
        put(v, SilverFields.CURRENCY, r.revenueCents() < 0 ? null : "USD");
        put(v, SilverFields.LATE, r.late() ? Boolean.TRUE : null);
        put(v, SilverFields.IP_CLASS, "public");
        put(v, SilverFields.COUNTRY_ISO, r.countryIso());
        put(v, SilverFields.CITY, r.city());
        put(v, SilverFields.LATITUDE, r.latitude());
        put(v, SilverFields.LONGITUDE, r.longitude());
        put(v, SilverFields.BROWSER_FAMILY, r.browserFamily());
        put(v, SilverFields.DEVICE_CLASS, r.device());
        put(v, SilverFields.IS_BOT, r.bot());
        put(v, SilverFields.KAFKA_TOPIC, "clickstream_events");
        put(v, SilverFields.KAFKA_PARTITION, 0);
        put(v, SilverFields.KAFKA_OFFSET, offset);
        put(v, SilverFields.KAFKA_TIMESTAMP, new Timestamp(r.eventTimeMillis()));
        return v;
    }

    private static void put(Object[] values, String column, Object value) {
        values[SilverFields.ALL.indexOf(column)] = value;
    }

    /** The Silver schema, from the types {@link SilverFields} documents. */
    public static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (String name : SilverFields.ALL) {
            boolean required = List.of(
                            SilverFields.EVENT_ID,
                            SilverFields.EVENT_TYPE,
                            SilverFields.EVENT_TIME,
                            SilverFields.EVENT_DATE,
                            SilverFields.USER_ID,
                            SilverFields.SESSION_ID)
                    .contains(name);
            fields.add(DataTypes.createStructField(name, type(name), !required));
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType type(String name) {
        return switch (name) {
            case SilverFields.EVENT_TIME, SilverFields.KAFKA_TIMESTAMP -> DataTypes.TimestampType;
            case SilverFields.PRICE, SilverFields.REVENUE ->
                DataTypes.createDecimalType(SilverFields.MONEY_PRECISION, SilverFields.MONEY_SCALE);
            case SilverFields.QUANTITY, SilverFields.ACCURACY_RADIUS_KM, SilverFields.KAFKA_PARTITION ->
                DataTypes.IntegerType;
            case SilverFields.ASN, SilverFields.KAFKA_OFFSET -> DataTypes.LongType;
            case SilverFields.LATITUDE, SilverFields.LONGITUDE -> DataTypes.DoubleType;
            case SilverFields.LATE, SilverFields.IS_BOT -> DataTypes.BooleanType;
            default -> DataTypes.StringType;
        };
    }
}
