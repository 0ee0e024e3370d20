package io.clickstream.connect.hudi.table;

import java.util.LinkedHashMap;
import java.util.Map;

import io.clickstream.connect.hudi.HudiSinkConfig;

/**
 * Write-client settings for a table that receives a commit every few seconds, forever: small files are topped up,
 * old file versions cleaned, the timeline archived, MOR log files compacted inline. Any {@code hoodie.*} key the user
 * sets wins. Lock settings ({@code hoodie.write.lock.*}) are the coordinator's, not the write client's: the sink is
 * the table's single writer.
 */
public final class TableServiceDefaults {

  private TableServiceDefaults() {
  }

  public static Map<String, String> writeProperties(HudiSinkConfig config) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("hoodie.write.concurrency.mode", "SINGLE_WRITER");
    props.put("hoodie.embed.timeline.server", "false");
    props.put("hoodie.write.markers.type", "DIRECT");
    // A new coordinator's client must not roll back the inflight instant of a stalled one that may still be
    // writing: failed writes are rolled back by the cleaner once their heartbeat has expired.
    props.put("hoodie.cleaner.policy.failed.writes", "LAZY");
    props.put("hoodie.metadata.enable", "true");
    // Small-file handling: inserts top up files under 100 MB until they reach 120 MB.
    props.put("hoodie.parquet.small.file.limit", String.valueOf(100L * 1024 * 1024));
    props.put("hoodie.parquet.max.file.size", String.valueOf(120L * 1024 * 1024));
    props.put("hoodie.copyonwrite.record.size.estimate", "256");
    // Cleaning keeps the file versions of the last 10 commits (readers' time travel and in-flight queries).
    props.put("hoodie.clean.automatic", "true");
    props.put("hoodie.clean.policy", "KEEP_LATEST_COMMITS");
    props.put("hoodie.clean.commits.retained", "10");
    // Archival keeps 20..30 instants on the active timeline (must exceed the cleaner's retention).
    props.put("hoodie.archive.automatic", "true");
    props.put("hoodie.keep.min.commits", "20");
    props.put("hoodie.keep.max.commits", "30");
    props.put("hoodie.combine.before.insert", "false");
    props.put("hoodie.combine.before.upsert", "true");
    if (config.tableType() == HudiSinkConfig.TableType.MERGE_ON_READ) {
      props.put("hoodie.compact.inline", "true");
      props.put("hoodie.compact.inline.max.delta.commits", "5");
    }
    props.putAll(RowKeys.keyGeneratorProperties(config));
    if (!config.orderingField().isEmpty()) {
      props.put("hoodie.table.ordering.fields", config.orderingField());
      props.put("hoodie.datasource.write.precombine.field", config.orderingField());
      props.put("hoodie.write.record.merge.mode", "EVENT_TIME_ORDERING");
    } else {
      props.put("hoodie.write.record.merge.mode", "COMMIT_TIME_ORDERING");
    }
    config.hoodieProperties().forEach((k, v) -> {
      if (!k.startsWith("hoodie.write.lock.")) {
        props.put(k, v);
      }
    });
    return props;
  }
}
