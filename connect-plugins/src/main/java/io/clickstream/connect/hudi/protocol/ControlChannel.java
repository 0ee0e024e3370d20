package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control topic as one endpoint sees it: an idempotent (not transactional) producer and a consumer of the topic's
 * single partition, assigned, not subscribed. Only this connector's messages are returned by {@link #poll}.
 *
 * <p>With a checkpoint group (the coordinator's channel), {@link #checkpoint(Checkpoint)} commits the read position
 * to that consumer group, its tag as the offset's metadata; the group never has members.
 */
public final class ControlChannel implements ControlEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);

    private final String connector;
    private final String topic;
    private final TopicPartition partition;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final String checkpointGroup;
    private boolean checkpointsFailed; // once: no retries that would stall every round on e.g. a missing ACL

    public ControlChannel(HudiSinkConfig config, String clientId) {
        this(config, clientId, null);
    }

    /** @param checkpointGroup consumer group that stores checkpoints; null: none */
    public ControlChannel(HudiSinkConfig config, String clientId, String checkpointGroup) {
        this.checkpointGroup = checkpointGroup;
        this.connector = config.connectorName();
        this.topic = config.controlTopic();
        this.partition = new TopicPartition(topic, 0);
        Map<String, Object> common = new HashMap<>(config.controlKafkaProperties());
        common.put("bootstrap.servers", config.bootstrapServers());

        Map<String, Object> producerProps = new HashMap<>(common);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(producerProps);

        Map<String, Object> consumerProps = new HashMap<>(common);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (checkpointGroup != null) {
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, checkpointGroup);
        }
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(consumerProps);
        this.consumer.assign(List.of(partition));
    }

    /** Creates the single-partition control topic unless it exists. */
    public static void ensureTopic(HudiSinkConfig config) {
        Map<String, Object> props = new HashMap<>(config.controlKafkaProperties());
        props.put("bootstrap.servers", config.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (existing.contains(config.controlTopic())) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(config.controlTopic(), 1, (short) -1)
                            .configs(Map.of(
                                    "cleanup.policy",
                                    "delete",
                                    "retention.ms",
                                    String.valueOf(7L * 24 * 3600 * 1000)))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            LOG.info("Created control topic {}", config.controlTopic());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("cannot create control topic " + config.controlTopic(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted creating control topic " + config.controlTopic(), e);
        } catch (TimeoutException e) {
            throw new ConnectException(
                    "timed out creating control topic " + config.controlTopic() + " on " + config.bootstrapServers(),
                    e);
        }
    }

    @Override
    public void send(ControlMessage message) {
        if (!connector.equals(message.connector())) {
            throw new IllegalArgumentException(
                    "message of connector " + message.connector() + " on channel of " + connector);
        }
        producer.send(new ProducerRecord<>(topic, 0, null, message.toBytes()), (metadata, error) -> {
            if (error != null) {
                sendFailure.compareAndSet(null, error);
            }
        });
    }

    /** Waits until every message sent so far is acknowledged. @throws ConnectException when one was not */
    @Override
    public void flush() {
        producer.flush();
        Exception failure = sendFailure.getAndSet(null);
        if (failure != null) {
            throw new ConnectException("control message to " + topic + " failed", failure);
        }
    }

    @Override
    public List<Envelope> poll(Duration timeout) {
        List<Envelope> result = new ArrayList<>();
        org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (WakeupException e) {
            return result;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ControlMessage message = ControlMessage.fromBytes(record.value());
            if (message == null) {
                LOG.debug("Ignoring unreadable control message at offset {}", record.offset());
            } else if (connector.equals(message.connector())) {
                result.add(new Envelope(record.offset(), message));
            }
        }
        return result;
    }

    @Override
    public void seek(long offset) {
        consumer.seek(partition, offset);
    }

    @Override
    public void seekToBeginning() {
        consumer.seekToBeginning(List.of(partition));
    }

    @Override
    public void seekToEnd() {
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition); // resolve now: messages sent after this call must be seen
    }

    /** The offset of the next message this channel will read. */
    @Override
    public long position() {
        return consumer.position(partition, Duration.ofSeconds(30));
    }

    @Override
    public void checkpoint(Checkpoint checkpoint) {
        if (checkpointGroup == null || checkpointsFailed) {
            return;
        }
        try {
            consumer.commitSync(
                    Map.of(partition, new OffsetAndMetadata(checkpoint.offset(), checkpoint.tag())),
                    Duration.ofSeconds(10));
        } catch (WakeupException e) {
            // the coordinator is stopping
        } catch (RuntimeException e) {
            checkpointsFailed = true;
            LOG.warn(
                    "Could not store the control topic checkpoint {} in group {}; this coordinator stores none (a "
                            + "successor re-reads from the last commit's control offset): {}",
                    checkpoint.offset(),
                    checkpointGroup,
                    e.toString());
        }
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        if (checkpointGroup == null) {
            return Optional.empty();
        }
        try {
            OffsetAndMetadata stored = consumer.committed(Set.of(partition), Duration.ofSeconds(10))
                    .get(partition);
            return stored == null ? Optional.empty() : Optional.of(new Checkpoint(stored.offset(), stored.metadata()));
        } catch (WakeupException e) {
            return Optional.empty(); // the coordinator is stopping
        } catch (RuntimeException e) {
            LOG.warn("Could not read the control topic checkpoint of group {}: {}", checkpointGroup, e.toString());
            return Optional.empty();
        }
    }

    /** Partition count of a sink topic, or -1 when it is unknown. */
    @Override
    public int partitionCount(String sinkTopic) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(sinkTopic, Duration.ofSeconds(10));
            return infos == null ? -1 : infos.size();
        } catch (RuntimeException e) {
            LOG.debug("No metadata for topic {}: {}", sinkTopic, e.toString());
            return -1;
        }
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
