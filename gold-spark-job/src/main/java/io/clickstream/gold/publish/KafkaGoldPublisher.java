package io.clickstream.gold.publish;

import io.clickstream.gold.load.BatchContent;
import io.clickstream.gold.load.BatchPublisher;
import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.session.GoldRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.DecimalFormat;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every Gold row a committed batch changed to Kafka, one topic per table ({@code <prefix><table>}), as
 * Kafka Connect's JSON with schema ({@link JsonConverter}: {@code {"schema": ..., "payload": ...}}, decimals as
 * numbers), keyed by the row's primary key ({@link PublishedTable}). A session the batch deleted (merged into
 * another) is published as a tombstone: its key with a null value.
 *
 * <h2>Guarantees</h2>
 * The rows are read back from PostgreSQL by the batch id they are stamped with, so a replayed batch publishes the
 * same keys with the same values as its first run; a consumer that upserts by key (the JDBC sink) ends equal to
 * Gold. The producer is idempotent ({@code acks=all}), one key always lands in the same partition, and the batch
 * returns only when every record is acknowledged: a batch whose records are not all in Kafka is not done and
 * Spark replays it after a crash. A record the producer gives up on (Kafka unreachable for {@code max.block.ms} or
 * {@code delivery.timeout.ms}, 1 or 2 min, or refusing it) fails the batch and the job with the producer's error.
 */
public final class KafkaGoldPublisher implements BatchPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaGoldPublisher.class);
    static final int FETCH_SIZE = 1_000;

    private final PostgresConnections connections;
    private final String bootstrap;
    private final String topicPrefix;
    private final Supplier<Producer<byte[], byte[]>> producerFactory;
    private final JsonConverter keys = converter(true);
    private final JsonConverter values = converter(false);
    private Producer<byte[], byte[]> producer;

    public KafkaGoldPublisher(PostgresConnections connections, String bootstrap, String topicPrefix) {
        this(connections, bootstrap, topicPrefix, () -> idempotentProducer(bootstrap));
    }

    /** With a producer of the caller's (the tests' {@code MockProducer}), created on the first batch. */
    KafkaGoldPublisher(
            PostgresConnections connections,
            String bootstrap,
            String topicPrefix,
            Supplier<Producer<byte[], byte[]>> producerFactory) {
        this.connections = connections;
        this.bootstrap = bootstrap;
        this.topicPrefix = topicPrefix;
        this.producerFactory = producerFactory;
    }

    /** The topic a table's rows go to. */
    public static String topic(String prefix, PublishedTable table) {
        return prefix + table.table();
    }

    @Override
    public void publish(long batchId, BatchContent content) throws SQLException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false); // a cursor: rows stream in FETCH_SIZE pieces
            for (PublishedTable table : PublishedTable.values()) {
                try (PreparedStatement select = connection.prepareStatement(table.selectChangedBy())) {
                    select.setFetchSize(FETCH_SIZE);
                    select.setLong(1, batchId);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            sent.add(send(table, table.key(rows), table.value(rows)));
                        }
                    }
                }
                if (table == PublishedTable.SESSIONS) {
                    for (GoldRow row : content.sessions()) {
                        if (GoldRow.DELETED.equals(row.getKind())) {
                            sent.add(send(table, PublishedTable.sessionKey(row.getSessionKey()), null));
                        }
                    }
                }
            }
            connection.rollback();
        }
        producer().flush();
        for (Future<RecordMetadata> future : sent) {
            awaitAcknowledged(batchId, future);
        }
        LOG.info("Gold batch {}: {} rows published to {}* at {}", batchId, sent.size(), topicPrefix, bootstrap);
    }

    private Future<RecordMetadata> send(PublishedTable table, Struct key, Struct value) {
        String topic = topic(topicPrefix, table);
        byte[] keyBytes = keys.fromConnectData(topic, table.keySchema(), key);
        byte[] valueBytes = value == null ? null : values.fromConnectData(topic, table.valueSchema(), value);
        return producer().send(new ProducerRecord<>(topic, keyBytes, valueBytes));
    }

    private void awaitAcknowledged(long batchId, Future<RecordMetadata> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Gold batch " + batchId + " committed in PostgreSQL but could not be "
                            + "published to Kafka at " + bootstrap + ": "
                            + e.getCause().getMessage()
                            + " (a restart replays the batch and publishes it again)",
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing Gold batch " + batchId, e);
        }
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = producerFactory.get();
        }
        return producer;
    }

    /**
     * Publishes a tombstone for each of these sessions to the sessions topic (a forgotten user's sessions, deleted
     * from Gold): a consumer that upserts by key (the JDBC sink) deletes them too. Waits until every one is acknowledged.
     */
    public static void publishSessionTombstones(String bootstrap, String topicPrefix, Collection<String> sessionKeys)
            throws InterruptedException, ExecutionException {
        String topic = topic(topicPrefix, PublishedTable.SESSIONS);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (JsonConverter keys = converter(true);
                Producer<byte[], byte[]> producer = idempotentProducer(bootstrap)) {
            for (String sessionKey : sessionKeys) {
                byte[] key = keys.fromConnectData(
                        topic, PublishedTable.SESSIONS.keySchema(), PublishedTable.sessionKey(sessionKey));
                sent.add(producer.send(new ProducerRecord<>(topic, key, null)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
    }

    private static Producer<byte[], byte[]> idempotentProducer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "clickstream-gold",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(
                Map.of(
                        JsonConverterConfig.SCHEMAS_ENABLE_CONFIG,
                        true,
                        JsonConverterConfig.DECIMAL_FORMAT_CONFIG,
                        DecimalFormat.NUMERIC.name()),
                isKey);
        return converter;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
            producer = null;
        }
        keys.close();
        values.close();
    }
}
