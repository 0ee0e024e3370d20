package io.clickstream.connect.hudi.table;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.SchemaMerger;
import io.clickstream.connect.hudi.fs.FileSystemScope;
import io.clickstream.connect.hudi.lock.HeartbeatFileLockProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hudi.client.HoodieJavaWriteClient;
import org.apache.hudi.client.WriteStatus;
import org.apache.hudi.client.common.HoodieJavaEngineContext;
import org.apache.hudi.common.config.RecordMergeMode;
import org.apache.hudi.common.model.DefaultHoodieRecordPayload;
import org.apache.hudi.common.model.HoodieAvroRecord;
import org.apache.hudi.common.model.HoodieKey;
import org.apache.hudi.common.model.HoodieRecord;
import org.apache.hudi.common.model.HoodieRecordPayload;
import org.apache.hudi.common.model.OverwriteWithLatestAvroPayload;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.TableSchemaResolver;
import org.apache.hudi.common.util.Option;
import org.apache.hudi.config.HoodieWriteConfig;
import org.apache.hudi.storage.StorageConfiguration;
import org.apache.hudi.storage.hadoop.HadoopStorageConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table's only writer: one Hudi commit per call to {@link #commit}, with the Kafka offsets it covers in the
 * commit's extra metadata, so data and offsets become visible atomically. Creates the table on the first commit and
 * widens its schema when rows bring new optional fields. Not thread-safe: the coordinator uses it under the commit
 * lock.
 */
public final class HudiTableWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HudiTableWriter.class);

    public static final String KAFKA_OFFSETS = "kafka.offsets";
    public static final String CONTROL_OFFSET = "connect.control.offset";
    public static final String COMMIT_ID = "connect.commit.id";
    public static final String COORDINATOR_ID = "connect.coordinator.id";
    /** The sink commit a commit was planned from ("" for an empty table): where its rows' offsets start. */
    public static final String PLANNED_FROM = "connect.planned.from";

    private final HudiSinkConfig config;
    private final FileSystemScope fileSystems;
    private final Configuration hadoopConf;
    private final StorageConfiguration<Configuration> storageConf;
    private final String basePath;
    private final Map<String, Optional<LateCommit>> lateCommitsSeen = new ConcurrentHashMap<>();

    private HoodieJavaWriteClient<HoodieRecordPayload<?>> client;
    private Runnable beforeComplete = () -> {};
    private Runnable afterFence = () -> {};
    private BooleanSupplier fence = () -> true;
    private String commitActionType;
    private long lastFenceNanos;
    private Schema clientSchema;

    public HudiTableWriter(HudiSinkConfig config) {
        this.config = config;
        this.basePath = config.tablePath();
        this.fileSystems = FileSystemScope.open(config.connectorName() + " (" + basePath + ")");
        Configuration conf = new Configuration();
        config.hadoopProperties().forEach(conf::set);
        // Every file system of the table (Hudi's, the lock's, the staging store's) opened from this connector's own
        // settings and closed with this writer: never a JVM-wide instance another task or connector opened first.
        this.hadoopConf = fileSystems.configure(
                conf,
                new Path(basePath).toUri().getScheme() == null
                        ? "file"
                        : new Path(basePath).toUri().getScheme());
        this.storageConf = new HadoopStorageConfiguration(hadoopConf);
    }

    /** The streams this writer's file systems have open and have opened (S3A holds a pooled connection per open one). */
    public FileSystemScope fileSystems() {
        return fileSystems;
    }

    public Configuration hadoopConf() {
        return hadoopConf;
    }

    public StorageConfiguration<Configuration> storageConf() {
        return storageConf;
    }

    public boolean tableExists() {
        try {
            Path props = new Path(basePath, ".hoodie/hoodie.properties");
            return FileSystem.get(props.toUri(), hadoopConf).exists(props);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach table " + basePath, e);
        }
    }

    /**
     * Reads the newest sink commit on the timeline, active or archived; table services' commits (compaction,
     * clustering) and other writers' commits are skipped.
     * Never answers "empty" for a table it cannot read: a coordinator planning against a wrong state would commit
     * offsets twice.
     */
    public CommittedState committedState() {
        if (!tableExists()) {
            return CommittedState.EMPTY;
        }
        HoodieTableMetaClient metaClient = null;
        for (int attempt = 1; metaClient == null; attempt++) {
            try {
                metaClient = metaClient();
            } catch (org.apache.hudi.exception.TableNotFoundException e) {
                // hoodie.properties exists but is being written by the table's creator: read again shortly
                if (attempt >= 20) {
                    throw e;
                }
                sleep(250);
            }
        }
        // The archive is read only when no active commit carries offsets: it costs a scan of its files.
        HoodieTableMetaClient loaded = metaClient;
        CommittedState state = SinkCommits.newestActive(loaded.getCommitsTimeline(), basePath)
                .or(() -> SinkCommits.newestArchived(loaded, basePath))
                .orElse(CommittedState.EMPTY);
        List<LateCommit> late = SinkCommits.late(loaded.getCommitsTimeline(), lateCommitsSeen, basePath);
        return late.isEmpty() ? state : state.withLateCommits(late);
    }

    /** Completed write commits on the active and archived timelines, sink commits or not; 0 without a table. */
    public long completedCommits() {
        return tableExists() ? SinkCommits.count(metaClient()) : 0L;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the table's state", e);
        }
    }

    /** The table's current writer schema, if it has one. */
    public Optional<Schema> tableSchema() {
        if (!tableExists()) {
            return Optional.empty();
        }
        try {
            return new TableSchemaResolver(metaClient())
                    .getTableSchemaIfPresent(false)
                    .map(s -> Optional.of(s.toAvroSchema()))
                    .orElse(Optional.empty());
        } catch (RuntimeException e) {
            LOG.debug("Table {} has no readable schema yet", basePath, e);
            return Optional.empty();
        }
    }

    private HoodieTableMetaClient metaClient() {
        return HoodieTableMetaClient.builder()
                .setConf(storageConf.newInstance())
                .setBasePath(basePath)
                .build();
    }

    /**
     * Writes the rows as one Hudi commit carrying {@code extraMetadata}. The rows may have different (narrower)
     * schemas: they are widened to the union of theirs and the table's.
     *
     * @return the committed instant
     */
    public String commit(List<KeyedRow> rows, Map<String, String> extraMetadata) {
        return commit(rows, extraMetadata, committedState().instant());
    }

    /**
     * Like {@link #commit(List, Map)}, fenced: at the commit point, under the write client's transaction lock and in
     * the same critical section as the instant's completion, the timeline is read again; if a sink commit completed
     * after {@code plannedFrom} (another coordinator committed since this one read the offsets), the instant was rolled
     * back meanwhile, or the {@link #fenceWith fence} says this writer's owner lost its lock, the instant is rolled back
     * and {@link StaleOffsetsException} thrown.
     *
     * @param plannedFrom the instant of the sink commit whose offsets the rows were planned from; null for none
     */
    public String commit(List<KeyedRow> rows, Map<String, String> extraMetadata, String plannedFrom) {
        // As the scope's user: Hudi's base-file writes take their file system from Hadoop's cache (see FileSystemScope)
        return fileSystems.call(() -> commitInScope(rows, extraMetadata, plannedFrom));
    }

    private String commitInScope(List<KeyedRow> rows, Map<String, String> extraMetadata, String plannedFrom) {
        Schema schema = tableSchema().orElse(null);
        LinkedHashMap<Schema, Boolean> seen = new LinkedHashMap<>();
        for (KeyedRow row : rows) {
            seen.putIfAbsent(row.row().getSchema(), Boolean.TRUE);
        }
        for (Schema rowSchema : seen.keySet()) {
            schema = SchemaMerger.union(schema, rowSchema);
        }
        if (schema == null) {
            throw new IllegalArgumentException("a commit needs rows or a table that has a schema");
        }
        ensureTable(schema);
        HoodieJavaWriteClient<HoodieRecordPayload<?>> writeClient = client(schema);
        List<HoodieRecord<HoodieRecordPayload<?>>> records = new ArrayList<>(rows.size());
        String orderingField = config.orderingField();
        for (KeyedRow row : rows) {
            GenericRecord data = SchemaMerger.project(row.row(), schema);
            HoodieKey key = new HoodieKey(row.recordKey(), row.partitionPath());
            records.add(new HoodieAvroRecord<>(key, payload(data, orderingField)));
        }
        String instant = writeClient.startCommit();
        return complete(
                writeClient,
                instant,
                () -> config.writeOperation() == HudiSinkConfig.WriteOperation.UPSERT
                        ? writeClient.upsert(records, instant)
                        : writeClient.insert(records, instant),
                rows.size(),
                extraMetadata,
                plannedFrom);
    }

    /**
     * Deletes the rows with these keys as one Hudi commit carrying {@code extraMetadata} (no Kafka offsets: the sink's
     * offset recovery and fence skip it). Another writer than the sink (erasing a user) calls it under the sink's
     * commit lock ({@code TableCommitLock}), so it never interleaves with a sink commit.
     *
     * @return the committed instant
     */
    public String delete(List<HoodieKey> keys, Map<String, String> extraMetadata) {
        return fileSystems.call(() -> {
            Schema schema = tableSchema()
                    .orElseThrow(() -> new IllegalStateException(basePath + " has no table schema to delete from"));
            HoodieJavaWriteClient<HoodieRecordPayload<?>> writeClient = client(schema);
            String instant = writeClient.startCommit();
            return complete(
                    writeClient,
                    instant,
                    () -> writeClient.delete(keys, instant),
                    keys.size(),
                    extraMetadata,
                    committedState().instant());
        });
    }

    private String complete(
            HoodieJavaWriteClient<HoodieRecordPayload<?>> writeClient,
            String instant,
            java.util.function.Supplier<List<WriteStatus>> write,
            int rowCount,
            Map<String, String> extraMetadata,
            String plannedFrom) {
        try {
            List<WriteStatus> statuses = write.get();
            for (WriteStatus status : statuses) {
                if (status.hasErrors()) {
                    Throwable cause = status.getGlobalError() != null
                            ? status.getGlobalError()
                            : status.getErrors().values().stream().findFirst().orElse(null);
                    throw new IllegalStateException(
                            "Hudi could not write " + status.getTotalErrorRecords() + " rows of instant " + instant
                                    + " to " + basePath,
                            cause);
                }
            }
            beforeComplete.run();
            CommitPoint point = new CommitPoint(
                    basePath, instant, plannedFrom, fence, () -> transactionLeaseHeld(writeClient), afterFence);
            Map<String, String> metadata = new LinkedHashMap<>(extraMetadata);
            metadata.put(PLANNED_FROM, plannedFrom == null ? "" : plannedFrom);
            boolean committed = writeClient.commit(
                    instant,
                    statuses,
                    Option.of(metadata),
                    commitActionType,
                    Collections.emptyMap(),
                    Option.of(point::check),
                    Option.empty());
            if (!committed) {
                throw new IllegalStateException("Hudi refused to commit instant " + instant + " of " + basePath);
            }
            lastFenceNanos = point.checkNanos();
            LOG.debug(
                    "Committed {} rows to {} as instant {} (fence check {} µs)",
                    rowCount,
                    basePath,
                    instant,
                    lastFenceNanos / 1_000);
            return instant;
        } catch (RuntimeException e) {
            if (!(e instanceof StaleOffsetsException) && isCompleted(instant)) {
                closeClient();
                // Post-commit work (metadata table, clean, archive, inline compaction, callbacks) failed after the
                // instant completed: the rows and offsets are in the table, rolling back would undo a visible commit.
                LOG.warn(
                        "Instant {} of {} completed but its post-commit work failed; treated as committed",
                        instant,
                        basePath,
                        e);
                return instant;
            }
            rollbackQuietly(writeClient, instant);
            closeClient();
            throw e;
        }
    }

    /**
     * False when the write client's transaction lock is a lease this JVM may have lost: its heartbeat ran late (the JVM
     * stalled) or a contender took a newer epoch. Other providers are trusted to hold their lock.
     */
    private static boolean transactionLeaseHeld(HoodieJavaWriteClient<?> writeClient) {
        return !(writeClient.getTransactionManager().getLockManager().getLockProvider()
                        instanceof HeartbeatFileLockProvider lease)
                || lease.isHeld();
    }

    private boolean isCompleted(String instant) {
        try {
            return metaClient().getCommitsTimeline().filterCompletedInstants().containsInstant(instant);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Cannot read the timeline of {} to see whether instant {} completed: {}",
                    basePath,
                    instant,
                    e.toString());
            return false;
        }
    }

    private static HoodieRecordPayload<?> payload(GenericRecord data, String orderingField) {
        if (orderingField.isEmpty()) {
            return new OverwriteWithLatestAvroPayload(data, 0);
        }
        // The participant dead-letters rows without a valid ordering value; one reaching here is a bug, not data.
        return new DefaultHoodieRecordPayload(data, OrderingValue.of(data, orderingField));
    }

    private void rollbackQuietly(HoodieJavaWriteClient<?> writeClient, String instant) {
        try {
            writeClient.rollback(instant);
        } catch (RuntimeException rollbackFailure) {
            // The next startCommit rolls failed writes back eagerly; the data is not visible either way.
            LOG.warn(
                    "Rollback of failed instant {} on {} left to the next commit: {}",
                    instant,
                    basePath,
                    rollbackFailure.toString());
        }
    }

    private void ensureTable(Schema schema) {
        if (tableExists()) {
            return;
        }
        Map<String, String> keyProps = RowKeys.keyGeneratorProperties(config);
        HoodieTableMetaClient.TableBuilder builder = HoodieTableMetaClient.newTableBuilder()
                .setTableType(config.tableType().name())
                .setTableName(config.tableName())
                .setTableCreateSchema(schema.toString())
                .setRecordKeyFields(keyProps.get(RowKeys.RECORD_KEY_FIELD))
                .setPartitionFields(keyProps.get(RowKeys.PARTITION_PATH_FIELD))
                .setKeyGeneratorClassProp(keyProps.get(RowKeys.KEYGEN_CLASS));
        if (config.orderingField().isEmpty()) {
            builder.setRecordMergeMode(RecordMergeMode.COMMIT_TIME_ORDERING);
        } else {
            builder.setRecordMergeMode(RecordMergeMode.EVENT_TIME_ORDERING).setOrderingFields(config.orderingField());
        }
        Properties userTableProps = new Properties();
        config.hoodieProperties().forEach((k, v) -> {
            if (k.startsWith("hoodie.table.")) {
                userTableProps.put(k, v);
            }
        });
        try {
            if (!userTableProps.isEmpty()) {
                builder.fromProperties(userTableProps);
            }
            builder.initTable(storageConf.newInstance(), basePath);
            LOG.info("Created {} table {} at {}", config.tableType(), config.tableName(), basePath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Hudi table at " + basePath, e);
        }
    }

    private HoodieJavaWriteClient<HoodieRecordPayload<?>> client(Schema schema) {
        if (client != null && schema.equals(clientSchema)) {
            return client;
        }
        closeClient();
        HoodieWriteConfig writeConfig = HoodieWriteConfig.newBuilder()
                .withPath(basePath)
                .forTable(config.tableName())
                .withSchema(schema.toString())
                .withEmbeddedTimelineServerEnabled(false)
                .withProps(TableServiceDefaults.writeProperties(config))
                .build();
        client = new HoodieJavaWriteClient<>(new HoodieJavaEngineContext(storageConf.newInstance()), writeConfig);
        commitActionType = metaClient().getCommitActionType();
        clientSchema = schema;
        return client;
    }

    private void closeClient() {
        if (client != null) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the Hudi write client of {} failed: {}", basePath, e.toString());
            }
            client = null;
            clientSchema = null;
        }
    }

    /**
     * A condition checked at every commit point, under the transaction lock: when it answers false (the owner lost its
     * commit lock, or was stopped) the commit is refused.
     */
    public void fenceWith(BooleanSupplier stillEntitled) {
        this.fence = stillEntitled;
    }

    /** Test seam: runs after the rows are written and before the commit point (its lock, fence and completion). */
    void beforeComplete(Runnable hook) {
        this.beforeComplete = hook;
    }

    /** How long the commit point's fence check of the last successful commit took, in nanoseconds. */
    public long lastFenceCheckNanos() {
        return lastFenceNanos;
    }

    /** Test seam: runs at the commit point once the fence let the commit pass, before the instant completes. */
    void afterFence(Runnable hook) {
        this.afterFence = hook;
    }

    /** Forgets the cached write client, e.g. after another writer changed the table. */
    public void reset() {
        closeClient();
    }

    @Override
    public void close() {
        closeClient();
        fileSystems.close();
    }
}
