package io.clickstream.gold.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final Timestamp KAFKA_TIME = Timestamp.valueOf("2026-03-01 00:01:05");
    private static final Timestamp INGESTED = Timestamp.valueOf("2026-03-01 00:07:00");

    private static Row letter(Timestamp kafkaTime, String originTopic, String originPartition, String originOffset) {
        return RowFactory.create(
                "clickstream_events.dlq",
                2,
                40L,
                kafkaTime,
                INGESTED,
                originTopic,
                originPartition,
                originOffset,
                "silver-hudi-sink",
                "TRANSFORMATION",
                "org.apache.kafka.connect.errors.DataException",
                "field 'price' is not a number");
    }

    @Test
    void aLetterIsKeyedByTheRecordItRejectedAndTimedByItsKafkaTimestamp() {
        DeadLetter letter = DeadLetter.of(letter(KAFKA_TIME, "clickstream_events", "3", "1234"));

        assertThat(letter.originTopic() + "/" + letter.originPartition() + "/" + letter.originOffset())
                .as("origin from the context headers")
                .isEqualTo("clickstream_events/3/1234");
        assertThat(letter.recordTimeMillis()).as("record time").isEqualTo(KAFKA_TIME.getTime());
        assertThat(letter.dlqTopic() + "/" + letter.dlqPartition() + "/" + letter.dlqOffset())
                .as("where the letter is")
                .isEqualTo("clickstream_events.dlq/2/40");
        assertThat(letter.exceptionClass())
                .as("exception class")
                .isEqualTo("org.apache.kafka.connect.errors.DataException");
        assertThat(letter.reason()).as("reason").contains("'price'");
    }

    @Test
    void aLetterWithoutUsableContextHeadersIsItsOwnOriginAndWithoutTimestampTimedByIngestion() {
        for (Row row : new Row[] {
            letter(null, null, null, null),
            letter(null, "clickstream_events", "x", "1"),
            letter(null, "clickstream_events", "3", null),
            letter(null, " ", "3", "1")
        }) {
            DeadLetter letter = DeadLetter.of(row);
            assertThat(letter.originTopic() + "/" + letter.originPartition() + "/" + letter.originOffset())
                    .as("origin of %s", row)
                    .isEqualTo("clickstream_events.dlq/2/40");
            assertThat(letter.recordTimeMillis()).as("record time of %s", row).isEqualTo(INGESTED.getTime());
        }
    }
}
