package io.clickstream.connect.hudi.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ConnectToAvroConverterTest {

    private final ConnectToAvroConverter converter = new ConnectToAvroConverter("events_record");

    private static SinkRecord record(org.apache.kafka.connect.data.Schema schema, Object value) {
        return new SinkRecord("events", 0, null, null, schema, value, 7L);
    }

    @Test
    void structWithEveryTypeBecomesAMatchingAvroRecord() {
        org.apache.kafka.connect.data.Schema geo = SchemaBuilder.struct()
                .name("geo")
                .field("country", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("lat", org.apache.kafka.connect.data.Schema.OPTIONAL_FLOAT64_SCHEMA)
                .optional()
                .build();
        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct()
                .name("event")
                .field("i8", org.apache.kafka.connect.data.Schema.INT8_SCHEMA)
                .field("i16", org.apache.kafka.connect.data.Schema.INT16_SCHEMA)
                .field("i32", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                .field("i64", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                .field("f32", org.apache.kafka.connect.data.Schema.FLOAT32_SCHEMA)
                .field("f64", org.apache.kafka.connect.data.Schema.FLOAT64_SCHEMA)
                .field("flag", org.apache.kafka.connect.data.Schema.BOOLEAN_SCHEMA)
                .field("name", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("raw", org.apache.kafka.connect.data.Schema.BYTES_SCHEMA)
                .field("maybe", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
                .field("ts", Timestamp.SCHEMA)
                .field("day", org.apache.kafka.connect.data.Date.SCHEMA)
                .field("price", Decimal.schema(2))
                .field(
                        "tags",
                        SchemaBuilder.array(org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                                .build())
                .field(
                        "attrs",
                        SchemaBuilder.map(
                                        org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                                        org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                                .build())
                .field(
                        "byId",
                        SchemaBuilder.map(
                                        org.apache.kafka.connect.data.Schema.INT32_SCHEMA,
                                        org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                                .build())
                .field("geo", geo)
                .field("page-url", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .build();
        Struct value = new Struct(schema)
                .put("i8", (byte) 1)
                .put("i16", (short) 2)
                .put("i32", 3)
                .put("i64", 4L)
                .put("f32", 1.5f)
                .put("f64", 2.5d)
                .put("flag", true)
                .put("name", "n")
                .put("raw", new byte[] {1, 2})
                .put("ts", new Date(1_700_000_000_123L))
                .put("day", new Date(86_400_000L * 20_000))
                .put("price", new BigDecimal("12.34"))
                .put("tags", List.of("a", "b"))
                .put("attrs", Map.of("x", 9L))
                .put("byId", Map.of(5, "five"))
                .put("geo", new Struct(geo).put("country", "DE").put("lat", 52.5))
                .put("page-url", "/home");

        GenericRecord row = converter.convert(record(schema, value));
        Schema avro = row.getSchema();

        assertThat(GenericData.get().validate(avro, row)).isTrue();
        assertThat(row.get("i8")).isEqualTo(1);
        assertThat(row.get("i16")).isEqualTo(2);
        assertThat(row.get("i64")).isEqualTo(4L);
        assertThat(row.get("f32")).isEqualTo(1.5f);
        assertThat(row.get("raw")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(row.get("maybe")).isNull();
        assertThat(avro.getField("maybe").schema().getTypes())
                .extracting(Schema::getType)
                .containsExactly(Schema.Type.NULL, Schema.Type.STRING);
        assertThat(avro.getField("ts").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
        assertThat(row.get("ts")).isEqualTo(1_700_000_000_123L);
        assertThat(avro.getField("day").schema().getLogicalType()).isEqualTo(LogicalTypes.date());
        assertThat(row.get("day")).isEqualTo(20_000);
        LogicalTypes.Decimal decimal =
                (LogicalTypes.Decimal) avro.getField("price").schema().getLogicalType();
        assertThat(decimal.getScale()).isEqualTo(2);
        assertThat(avro.getField("price").schema().getType())
                .as("decimals as fixed, which Spark's reader reads")
                .isEqualTo(Schema.Type.FIXED);
        assertThat(new BigDecimal(new BigInteger(((GenericFixed) row.get("price")).bytes()), 2))
                .isEqualByComparingTo("12.34");
        assertThat(row.get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(row.get("attrs")).isEqualTo(Map.of("x", 9L));
        GenericRecord pair = (GenericRecord) ((List<?>) row.get("byId")).get(0);
        assertThat(pair.get("key")).isEqualTo(5);
        assertThat(pair.get("value")).isEqualTo("five");
        GenericRecord nested = (GenericRecord) row.get("geo");
        assertThat(nested.get("country")).isEqualTo("DE");
        assertThat(SchemaMerger.isNullable(avro.getField("geo").schema())).isTrue();
        assertThat(row.get("page_url")).isEqualTo("/home");
    }

    @Test
    void theSameConnectSchemaGivesTheSameAvroSchemaObject() {
        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct()
                .field("a", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .build();
        GenericRecord one = converter.convert(record(schema, new Struct(schema).put("a", "1")));
        GenericRecord two = converter.convert(record(schema, new Struct(schema).put("a", "2")));
        assertThat(one.getSchema()).isSameAs(two.getSchema());
    }

    @Test
    void schemalessMapsAndJsonObjectsInferOptionalFields() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("event_id", "e1");
        map.put("n", 3);
        map.put("price", 9.5);
        map.put("ok", true);
        map.put("tags", List.of("x"));
        map.put("geo", Map.of("country", "FR"));
        map.put("nothing", null);
        GenericRecord fromMap = converter.convert(record(null, map));
        assertThat(fromMap.getSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly("event_id", "n", "price", "ok", "tags", "geo");
        assertThat(fromMap.getSchema().getFields())
                .allSatisfy(f -> assertThat(SchemaMerger.isNullable(f.schema())).isTrue());
        assertThat(fromMap.get("n")).isEqualTo(3L);
        assertThat(((GenericRecord) fromMap.get("geo")).get("country")).isEqualTo("FR");

        GenericRecord fromJson =
                converter.convert(record(null, "{\"event_id\":\"e2\",\"n\":4,\"geo\":{\"country\":\"IT\"}}"));
        assertThat(fromJson.get("event_id")).isEqualTo("e2");
        assertThat(fromJson.get("n")).isEqualTo(4L);
    }

    @Test
    void badRecordsFailWithAClearDataException() {
        assertThatThrownBy(() -> converter.convert(record(null, "not json")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> converter.convert(record(null, "[1,2]")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("not an object");
        assertThatThrownBy(() -> converter.convert(record(org.apache.kafka.connect.data.Schema.INT32_SCHEMA, 5)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Integer");
        assertThatThrownBy(() -> converter.convert(record(null, Map.of("mixed", List.of("a", 1)))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("mixed");
        assertThat(converter.convert(record(null, null))).isNull();
    }

    @Test
    void nestedNamesEqualIgnoringCaseAreRefusedTopLevelOnesAreLeftToTheSchemaGuard() {
        assertThatThrownBy(() -> converter.convert(record(null, "{\"geo\":{\"City\":\"a\",\"city\":\"b\"}}")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'City' and 'city' of 'geo' differ only in case");
        assertThat(converter
                        .convert(record(null, "{\"City\":\"a\",\"city\":\"b\"}"))
                        .getSchema()
                        .getFields())
                .hasSize(2);
    }

    @Test
    void nestedNamesThatMapToOneAvroTypeNameAreADataErrorNotABrokenSchema() {
        // both nested records would be named events_record_a_b: the schema's text (staged chunks, control messages)
        // would hold one definition for two different records
        assertThatThrownBy(() -> converter.convert(record(null, "{\"a_b\":{\"x\":1},\"a\":{\"b\":{\"y\":\"t\"}}}")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("events_record_a_b");
        org.apache.kafka.connect.data.Schema inner = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("y", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .build();
        org.apache.kafka.connect.data.Schema price = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("price", org.apache.kafka.connect.data.Decimal.schema(2))
                .field("price_decimal", inner)
                .build();
        org.apache.kafka.connect.data.Struct value = new org.apache.kafka.connect.data.Struct(price)
                .put("price", new java.math.BigDecimal("1.50"))
                .put("price_decimal", new org.apache.kafka.connect.data.Struct(inner).put("y", "t"));
        assertThatThrownBy(() -> converter.convert(record(price, value)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("events_record_price_decimal");
        // and across records: each alone is fine, their union is not
        GenericRecord first = converter.convert(record(null, "{\"a_b\":{\"x\":1}}"));
        GenericRecord second = converter.convert(record(null, "{\"a\":{\"b\":{\"y\":\"t\"}}}"));
        assertThatThrownBy(() -> SchemaMerger.union(first.getSchema(), second.getSchema()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("events_record_a_b");
    }

    @Test
    void valuesNestedDeeperThanThirtyTwoLevelsAndIntegersBeyondLongAreDataErrors() {
        String deep = "{\"d\":".repeat(40) + "1" + "}".repeat(40);
        assertThatThrownBy(() -> converter.convert(record(null, deep)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("nested deeper than 32 levels");
        org.apache.kafka.connect.data.Schema nested = org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA;
        for (int i = 0; i < 40; i++) {
            nested = org.apache.kafka.connect.data.SchemaBuilder.struct()
                    .field("d", nested)
                    .build();
        }
        org.apache.kafka.connect.data.Schema deepStruct = nested;
        assertThatThrownBy(() ->
                        converter.convert(record(deepStruct, new org.apache.kafka.connect.data.Struct(deepStruct))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("nested deeper than 32 levels");
        assertThatThrownBy(() -> converter.convert(record(null, "{\"n\":123456789012345678901234567890}")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'n'")
                .hasMessageContaining("beyond the range of a long");
    }

    @Test
    void reasonsQuotingFieldNamesOrTypesStayShort() {
        String name = "f".repeat(50_000);
        GenericRecord number = converter.convert(record(null, "{\"" + name + "\":1}"));
        GenericRecord text = converter.convert(record(null, "{\"" + name + "\":\"x\"}"));
        assertThatThrownBy(() -> SchemaMerger.union(number.getSchema(), text.getSchema()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("changes type")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(2_500));
    }

    @Test
    void anAddedOptionalFieldEvolvesTheSchemaAndOldRowsFitTheUnion() {
        GenericRecord v1 = converter.convert(record(null, Map.of("id", "a", "n", 1)));
        GenericRecord v2 = converter.convert(record(null, Map.of("id", "b", "n", 2, "country", "DE")));

        Schema union = SchemaMerger.union(v1.getSchema(), v2.getSchema());

        assertThat(union.getFields()).extracting(Schema.Field::name).containsExactlyInAnyOrder("id", "n", "country");
        GenericRecord old = SchemaMerger.project(v1, union);
        assertThat(GenericData.get().validate(union, old)).isTrue();
        assertThat(old.get("country")).isNull();
        assertThat(old.get("id")).isEqualTo("a");
        assertThat(SchemaMerger.union(union, v1.getSchema())).isSameAs(union);
    }

    @Test
    void aFieldChangingTypeIsAConflictNamingTheField() {
        GenericRecord asText = converter.convert(record(null, Map.of("n", "one")));
        GenericRecord asNumber = converter.convert(record(null, Map.of("n", 1)));
        assertThatThrownBy(() -> SchemaMerger.union(asText.getSchema(), asNumber.getSchema()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'n'");
    }

    @Test
    void aDecimalTakesTheFewestFixedBytesThatHoldItsPrecision() {
        assertThat(ConnectToAvroConverter.bytesForPrecision(9))
                .as("precision 9")
                .isEqualTo(4);
        assertThat(ConnectToAvroConverter.bytesForPrecision(18))
                .as("precision 18")
                .isEqualTo(8);
        assertThat(ConnectToAvroConverter.bytesForPrecision(38))
                .as("precision 38")
                .isEqualTo(16);
    }
}
