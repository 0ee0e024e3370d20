package io.clickstream.connect.hudi.table;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.lock.HeartbeatFileLockProvider;
import io.clickstream.connect.hudi.lock.TableCommitLock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hudi.common.config.LockConfiguration;

/**
 * Write-client settings for a table that receives a commit every few seconds, forever: small files are topped up to
 * a size whose rewrite a commit can afford, old file versions cleaned, the timeline archived, MOR log files compacted
 * inline. Any {@code hoodie.*} key the user sets wins, except the lock settings: the client runs under optimistic
 * concurrency control so that the sink's fence (a check of the table's offsets) and the instant's completion happen
 * under one transaction lock ({@link #transactionLockProperties}), a lock apart from the coordinator's commit lock,
 * which is held around it.
 */
public final class TableServiceDefaults {

    static final String MERGE_HANDLE_CLASS = "hoodie.write.merge.handle.class";
    static final String MERGE_MAX_MEMORY = "hoodie.memory.merge.max.size";
    static final long MERGE_MAX_MEMORY_BYTES = 128L * 1024 * 1024;
    static final long SMALL_FILE_LIMIT_BYTES = 16L * 1024 * 1024;
    static final long MAX_FILE_SIZE_BYTES = 32L * 1024 * 1024;

    private TableServiceDefaults() {}

    public static Map<String, String> writeProperties(HudiSinkConfig config) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("hoodie.write.concurrency.mode", "OPTIMISTIC_CONCURRENCY_CONTROL");
        props.put("hoodie.embed.timeline.server", "false");
        props.put("hoodie.write.markers.type", "DIRECT");
        // A new coordinator's client must not roll back the inflight instant of a stalled one that may still be
        // writing: failed writes are rolled back by the cleaner once their heartbeat has expired.
        props.put("hoodie.cleaner.policy.failed.writes", "LAZY");
        // A writer's heartbeat is refreshed by its own thread every 10 s; missing for a minute (a frozen JVM) it aborts
        // its commit at the commit point and lets the cleaner roll the instant back. Long commits of a live JVM never
        // expire.
        props.put("hoodie.client.heartbeat.interval_in_ms", "10000");
        props.put("hoodie.client.heartbeat.tolerable.misses", "5");
        props.putAll(tableSettings(config.tableType() == HudiSinkConfig.TableType.MERGE_ON_READ));
        props.putAll(RowKeys.keyGeneratorProperties(config));
        if (config.recordMode() == HudiSinkConfig.RecordMode.BRONZE
                && config.writeOperation() == HudiSinkConfig.WriteOperation.UPSERT) {
            // Bronze rows are partitioned by ingestion date: copies of one key ingested on two days must still meet.
            // A global index finds the key in any partition and moves the row to the newer copy's.
            props.put("hoodie.index.type", "GLOBAL_SIMPLE");
            props.put("hoodie.simple.index.update.partition.path", "true");
        }
        if (!config.orderingField().isEmpty()) {
            props.put("hoodie.table.ordering.fields", config.orderingField());
            props.put("hoodie.datasource.write.precombine.field", config.orderingField());
            props.put("hoodie.write.record.merge.mode", "EVENT_TIME_ORDERING");
        } else {
            props.put("hoodie.write.record.merge.mode", "COMMIT_TIME_ORDERING");
        }
        config.hoodieProperties().forEach((k, v) -> {
            if (!k.startsWith(LockConfiguration.LOCK_PREFIX)) {
                props.put(k, v);
            }
        });
        // The fence relies on these: a user's SINGLE_WRITER or EAGER would take the commit point out of the lock.
        props.put("hoodie.write.concurrency.mode", "OPTIMISTIC_CONCURRENCY_CONTROL");
        props.put("hoodie.cleaner.policy.failed.writes", "LAZY");
        props.putAll(transactionLockProperties(config));
        return props;
    }

    /**
     * The table settings of a sink's write client that do not depend on its connector (no keys, ordering or locks):
     * small files, cleaning, archival, compaction, the merge path. The benchmarks' bare writers use them too.
     */
    public static Map<String, String> tableSettings(boolean mergeOnRead) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("hoodie.metadata.enable", "true");
        // Small-file handling: inserts top up files under 16 MB until they reach 32 MB. On COPY_ON_WRITE a top-up
        // rewrites the file, and a commit took ~2.5 s plus ~0.55 s per MB it wrote (docs/benchmarks.md, "File
        // sizing"): Hudi's 100/120 MB, sized for batch writers, made a commit of the sink's every few seconds grow
        // to 40 s and more as the day's file filled; at 16/32 MB it stays under ~20 s. More files is the price.
        props.put("hoodie.parquet.small.file.limit", String.valueOf(SMALL_FILE_LIMIT_BYTES));
        props.put("hoodie.parquet.max.file.size", String.valueOf(MAX_FILE_SIZE_BYTES));
        props.put("hoodie.copyonwrite.record.size.estimate", "256");
        // Cleaning keeps the file versions of the last 10 commits (readers' time travel and in-flight queries).
        props.put("hoodie.clean.automatic", "true");
        props.put("hoodie.clean.policy", "KEEP_LATEST_COMMITS");
        props.put("hoodie.clean.commits.retained", "10");
        // Archival keeps 20..30 instants on the active timeline (must exceed the cleaner's retention).
        props.put("hoodie.archive.automatic", "true");
        props.put("hoodie.keep.min.commits", "20");
        props.put("hoodie.keep.max.commits", "30");
        // The classic merge handle rather than Hudi 1.2's default FileGroupReaderBasedMergeHandle: the latter buffers
        // the incoming rows in a spillable map that sizes every 100th row with JOL, walking the row's whole Avro schema
        // through reflection that throws on every JDK-internal field; that cost most of a Silver upsert's time, and the
        // classic handle upserted the same rows 1.7 times as fast (docs/benchmarks.md, "Silver index choice").
        // RowSizedMergeHandle is that handle, its map counting each row at its own size: Hudi's estimator counted the
        // Avro schema all rows share in every row (45 KB a Silver row whose own is ~1.5 KB).
        props.put(MERGE_HANDLE_CLASS, RowSizedMergeHandle.class.getName());
        // Rows counted at their real size, Hudi's 1 GB a merge could take half a 2 GB worker's heap. 128 MB holds
        // ~78,000 Silver rows (a commit's share of one file group rarely reaches that; more spill to disk), and three
        // sinks merging at once take 384 MB, a fifth of the local stack's worker heap: about the share Hudi's own
        // fractions give merges on Spark (0.6 of the 0.4 outside Spark's memory), which the Java client does not read.
        props.put(MERGE_MAX_MEMORY, String.valueOf(MERGE_MAX_MEMORY_BYTES));
        props.put("hoodie.combine.before.insert", "false");
        props.put("hoodie.combine.before.upsert", "true");
        if (mergeOnRead) {
            props.put("hoodie.compact.inline", "true");
            props.put("hoodie.compact.inline.max.delta.commits", "5");
        }
        return props;
    }

    /**
     * The write client's transaction lock: the commit lock's provider and settings, naming another lock (the file
     * lock's directory, ZooKeeper's lock key, DynamoDB's partition key get a {@code txn} suffix), since the coordinator
     * holds the commit lock while the client takes this one.
     */
    public static Map<String, String> transactionLockProperties(HudiSinkConfig config) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(TableCommitLock.PROVIDER, HeartbeatFileLockProvider.class.getName());
        props.put(TableCommitLock.FS_LOCK_PATH, TableCommitLock.defaultLockPath(config));
        config.hoodieProperties().forEach((k, v) -> {
            if (k.startsWith(LockConfiguration.LOCK_PREFIX)) {
                props.put(k, v);
            }
        });
        props.put(TableCommitLock.FS_LOCK_PATH, props.get(TableCommitLock.FS_LOCK_PATH) + "/txn");
        // A holder frozen inside the commit point (GC pause, frozen VM, SIGSTOP) past the transaction lock's expiry
        // would complete after a successor, so that lock never expires sooner than the default commit lock (ten
        // heartbeats of at least 3 s: 30 s) even when the commit lock is set shorter. Longer is not free: Hudi takes
        // this lock in several state changes, and a worker killed while holding it holds the table's commits back
        // until it expires.
        long heartbeat = Long.parseLong(props.getOrDefault(LockConfiguration.LOCK_HEARTBEAT_INTERVAL_MS_KEY, "0"));
        props.put(
                LockConfiguration.LOCK_HEARTBEAT_INTERVAL_MS_KEY,
                String.valueOf(Math.max(heartbeat, HeartbeatFileLockProvider.DEFAULT_HEARTBEAT_MS)));
        if (props.get(TableCommitLock.PROVIDER).contains("Zookeeper")) {
            props.putIfAbsent(LockConfiguration.ZK_LOCK_KEY_PROP_KEY, config.tableName()); // ZooKeeper's default key
        }
        for (String key : TXN_SUFFIXED_KEYS) {
            props.computeIfPresent(key, (k, v) -> v + "-txn");
        }
        return props;
    }

    private static final java.util.List<String> TXN_SUFFIXED_KEYS =
            java.util.List.of(LockConfiguration.ZK_LOCK_KEY_PROP_KEY, "hoodie.write.lock.dynamodb.partition_key");
}
