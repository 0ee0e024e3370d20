package io.clickstream.connect.hudi;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log offsets from the brokers ({@code listOffsets} with earliest and latest), through an Admin client built like
 * the control channel's clients: {@code bootstrap.servers} plus the {@code control.kafka.*} settings. When the
 * brokers do not answer in time the answer is empty and a warning says that the checks were skipped.
 */
final class AdminLogOffsets implements LogOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(AdminLogOffsets.class);
    private static final long TIMEOUT_MS = 30_000L;

    private final Admin admin;

    AdminLogOffsets(HudiSinkConfig config) {
        Map<String, Object> props = new HashMap<>(config.controlKafkaProperties());
        props.put("bootstrap.servers", config.bootstrapServers());
        props.put("client.id", config.connectorName() + "-log-offsets");
        this.admin = Admin.create(props);
    }

    @Override
    public Map<TopicPartition, Range> of(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartition tp : partitions) {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        }
        try {
            Map<TopicPartition, ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Range> result = new HashMap<>();
            starts.forEach((tp, start) -> {
                ListOffsetsResultInfo end = ends.get(tp);
                if (end != null) {
                    result.put(tp, new Range(start.offset(), end.offset()));
                }
            });
            return result;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "Cannot read the log offsets of {}; the table's offsets are not checked against the logs this time: "
                            + "{}",
                    partitions,
                    e.toString());
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
