package io.clickstream.lifecycle.replay;

import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.hudi.storage.hadoop.HadoopStorageConfiguration;

/**
 * Where the replay cuts Bronze: a completed Bronze sink commit (T0) and the Kafka offsets it recorded, the next offset
 * to read per partition. Bronze is written exactly once, so its rows below those offsets are every record up to T0
 * (from each partition's log start when Bronze began), and a sink resuming at them reads every record after T0.
 *
 * @param instant the Bronze commit's instant (requested time)
 * @param offsets next offset per partition of the replayed topics, keyed as the sink keys them ("topic-partition")
 */
public record BronzeCut(String instant, Map<String, Long> offsets) {

    static BronzeCut of(Configuration hadoopConf, String bronzePath, String instant, Collection<String> topics) {
        HoodieTableMetaClient metaClient = HoodieTableMetaClient.builder()
                .setConf(new HadoopStorageConfiguration(hadoopConf))
                .setBasePath(bronzePath)
                .build();
        HoodieTimeline completed = metaClient.getCommitsTimeline().filterCompletedInstants();
        List<HoodieInstant> newestFirst = completed.getReverseOrderedInstants().toList();
        for (HoodieInstant candidate : newestFirst) {
            if (instant != null && !candidate.requestedTime().equals(instant)) {
                continue;
            }
            String json = offsetsOf(completed, candidate, bronzePath);
            if (json == null) {
                if (instant != null) {
                    throw new IllegalArgumentException("Bronze instant " + instant + " of " + bronzePath
                            + " is not a sink commit (its metadata has no " + HudiTableWriter.KAFKA_OFFSETS + ")");
                }
                continue;
            }
            return new BronzeCut(candidate.requestedTime(), select(OffsetsCodec.decode(json), topics));
        }
        throw new IllegalArgumentException(
                instant == null
                        ? "Bronze " + bronzePath + " has no completed sink commit on its active timeline"
                        : "Bronze " + bronzePath + " has no completed instant " + instant
                                + " on its active timeline (the newest is "
                                + (newestFirst.isEmpty()
                                        ? "none"
                                        : newestFirst.get(0).requestedTime()) + ")");
    }

    private static String offsetsOf(HoodieTimeline timeline, HoodieInstant instant, String bronzePath) {
        try {
            return timeline.readCommitMetadata(instant).getMetadata(HudiTableWriter.KAFKA_OFFSETS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + instant + " of " + bronzePath, e);
        }
    }

    private static Map<String, Long> select(Map<String, Long> all, Collection<String> topics) {
        Map<String, Long> selected = new TreeMap<>();
        all.forEach((key, offset) -> {
            if (topics.contains(OffsetsCodec.topicOf(key))) {
                selected.put(key, offset);
            }
        });
        for (String topic : topics) {
            if (selected.keySet().stream()
                    .noneMatch(k -> OffsetsCodec.topicOf(k).equals(topic))) {
                throw new IllegalArgumentException("Bronze's commit holds no offsets of topic '" + topic
                        + "', which the connector reads: Bronze does not hold that topic (its offsets: " + all.keySet()
                        + ")");
            }
        }
        return selected;
    }
}
