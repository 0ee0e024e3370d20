package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.SchemaMerger;
import io.clickstream.connect.hudi.stage.ChunkStore;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's side of the commit protocol: buffers rows per partition and stages them as chunks, each covering the
 * offsets [chain end, next offset) of one partition, so the chunks of a partition form a gap-free chain that starts
 * where the table's committed offsets (or a rejection) put the reader. Thread-safe: the task thread adds records, the
 * control thread answers START, COMMITTED and REJECTED; both under this object's monitor.
 */
public final class Participant {

    private static final Logger LOG = LoggerFactory.getLogger(Participant.class);

    private final HudiSinkConfig config;
    private final String participantId;
    private final ControlEndpoint control;
    private final ChunkStore store;
    private final String connector;
    private final Map<TopicPartition, PartitionChain> chains = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> seeks = new HashMap<>();
    private final Supplier<Schema> tableSchemaReader;
    private final StagingCheck stagingCheck;
    private Schema tableSchema;
    private int bufferedRecords;
    private long epochs;
    private long bufferedBytes;

    /** Where one partition's chain stands. */
    private static final class PartitionChain {
        long origin; // offset the reader was last positioned at
        long chainEnd; // start offset of the next chunk
        long nextOffset; // offset after the last record consumed (rows buffered or skipped)
        long committed; // the table's offset as last heard
        final List<KeyedRow> rows = new ArrayList<>();
        Schema schema;
        final Deque<Long> pendingEnds = new ArrayDeque<>();
        long epoch; // which restart of this participant's chain its chunks belong to
        long bytes; // estimated heap size of rows

        PartitionChain(long offset, long epoch) {
            restartAt(offset, epoch);
            committed = offset;
        }

        void restartAt(long offset, long newEpoch) {
            epoch = newEpoch;
            origin = offset;
            chainEnd = offset;
            nextOffset = offset;
            rows.clear();
            bytes = 0;
            schema = null;
            pendingEnds.clear();
        }
    }

    /** @param tableSchemaReader the table's current schema, null before the first commit */
    public Participant(
            HudiSinkConfig config,
            String participantId,
            ControlEndpoint control,
            ChunkStore store,
            Supplier<Schema> tableSchemaReader) {
        this(config, participantId, control, store, tableSchemaReader, StagingCheck.NONE);
    }

    /** @param stagingCheck runs before each partition's range is staged; when it throws, the rows stay buffered */
    public Participant(
            HudiSinkConfig config,
            String participantId,
            ControlEndpoint control,
            ChunkStore store,
            Supplier<Schema> tableSchemaReader,
            StagingCheck stagingCheck) {
        this.stagingCheck = stagingCheck;
        this.config = config;
        this.tableSchemaReader = tableSchemaReader;
        this.participantId = participantId;
        this.control = control;
        this.store = store;
        this.connector = config.connectorName();
    }

    public String id() {
        return participantId;
    }

    /** Starts a partition's chain at the table's committed offset; the task seeks the consumer there. */
    public synchronized void open(TopicPartition tp, long committedOffset) {
        chains.put(tp, new PartitionChain(committedOffset, ++epochs));
        seeks.remove(tp);
        refreshTableSchema();
    }

    private void refreshTableSchema() {
        try {
            tableSchema = tableSchemaReader.get();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the table's schema; type conflicts are caught at commit time: {}", e.toString());
        }
    }

    /** The table's schema as last read (at open and after a rejection); null before the first commit. */
    public synchronized Schema tableSchema() {
        return tableSchema;
    }

    /** Forgets a revoked partition: its buffered rows are read again by the next owner, from the table's offset. */
    public synchronized void close(TopicPartition tp) {
        PartitionChain chain = chains.remove(tp);
        seeks.remove(tp);
        if (chain != null) {
            bufferedRecords -= chain.rows.size();
            recomputeBytes();
        }
    }

    public synchronized Collection<TopicPartition> partitions() {
        return new ArrayList<>(chains.keySet());
    }

    /**
     * @return true when the record continues its partition's chain; false for partitions not owned, records already
     *     consumed (re-delivered) and records fetched before a pending seek
     */
    public synchronized boolean accepts(TopicPartition tp, long offset) {
        PartitionChain chain = chains.get(tp);
        return chain != null && !seeks.containsKey(tp) && offset >= chain.nextOffset;
    }

    /**
     * @throws org.apache.kafka.connect.errors.DataException when the row's schema cannot join the buffered rows' or
     *     the table's (a field changing type): the row goes to the dead-letter queue instead of blocking commits
     */
    public synchronized void append(TopicPartition tp, long offset, KeyedRow row) {
        PartitionChain chain = chains.get(tp);
        Schema rowSchema = row.row().getSchema();
        if (chain.schema == null || !chain.schema.equals(rowSchema)) {
            Schema merged = SchemaMerger.union(chain.schema, rowSchema);
            if (tableSchema != null && merged != chain.schema) {
                SchemaMerger.union(tableSchema, merged); // only checks that the table can take it
            }
            chain.schema = merged;
        }
        chain.rows.add(row);
        chain.nextOffset = offset + 1;
        long size = RowSize.estimate(row.row());
        chain.bytes += size;
        bufferedRecords++;
        bufferedBytes += size;
    }

    /** A record that becomes no row (dead-lettered, tombstone): its offset is consumed all the same. */
    public synchronized void skip(TopicPartition tp, long offset) {
        PartitionChain chain = chains.get(tp);
        if (chain != null) {
            chain.nextOffset = Math.max(chain.nextOffset, offset + 1);
        }
    }

    public synchronized boolean bufferFull() {
        return bufferedRecords >= config.bufferMaxRecords() || bufferedBytes >= config.bufferMaxBytes();
    }

    public synchronized int pendingChunks() {
        return chains.values().stream().mapToInt(c -> c.pendingEnds.size()).sum();
    }

    /** Seeks the task must hand to Connect (rejections); after this call those partitions accept records again. */
    public synchronized Map<TopicPartition, Long> takeSeeks() {
        Map<TopicPartition, Long> result = new HashMap<>(seeks);
        seeks.clear();
        return result;
    }

    /** The table's committed offsets of the owned partitions, for Connect's (advisory) consumer offsets. */
    public synchronized Map<TopicPartition, Long> committedOffsets() {
        Map<TopicPartition, Long> result = new HashMap<>();
        chains.forEach((tp, chain) -> result.put(tp, chain.committed));
        return result;
    }

    /**
     * Stages every partition's buffered rows as a chunk and announces it. With a commit id (answer to START) a
     * partition with nothing new reports its position, so the coordinator knows it has heard from it.
     */
    public synchronized void stage(String commitId) {
        List<TopicPartition> announced = new ArrayList<>();
        try {
            stageAll(commitId, announced);
            control.flush();
        } catch (RuntimeException e) {
            // A chunk whose CHUNK_READY may be lost would leave a gap in the chain: restart those chains at the table's
            // offset instead of waiting for the coordinator to notice.
            for (TopicPartition tp : announced) {
                PartitionChain chain = chains.get(tp);
                if (chain != null) {
                    chain.restartAt(chain.committed, ++epochs);
                    seeks.put(tp, chain.committed);
                }
            }
            recount();
            throw e;
        }
    }

    private void stageAll(String commitId, List<TopicPartition> announced) {
        for (Map.Entry<TopicPartition, PartitionChain> entry : chains.entrySet()) {
            TopicPartition tp = entry.getKey();
            PartitionChain chain = entry.getValue();
            if (seeks.containsKey(tp)) {
                if (commitId != null) {
                    sendPosition(commitId, tp, chain);
                }
                continue;
            }
            if (chain.nextOffset > chain.chainEnd) {
                stagingCheck.beforeStaging(tp, chain.nextOffset);
                String path = null;
                String schema = null;
                if (!chain.rows.isEmpty()) {
                    List<KeyedRow> rows = project(chain.rows, chain.schema);
                    path = store.write(
                            participantId,
                            tp.topic(),
                            tp.partition(),
                            chain.chainEnd,
                            chain.nextOffset,
                            chain.schema,
                            rows);
                    schema = chain.schema.toString();
                }
                control.send(ControlMessage.chunkReady(
                                connector,
                                commitId,
                                participantId,
                                tp.topic(),
                                tp.partition(),
                                chain.chainEnd,
                                chain.nextOffset,
                                chain.rows.size(),
                                chain.bytes,
                                path,
                                schema)
                        .forChain(config.tablePath(), chain.epoch));
                LOG.debug(
                        "Staged {} [{}, {}) with {} rows at {}",
                        tp,
                        chain.chainEnd,
                        chain.nextOffset,
                        chain.rows.size(),
                        path);
                announced.add(tp);
                chain.pendingEnds.add(chain.nextOffset);
                chain.chainEnd = chain.nextOffset;
                chain.rows.clear();
                chain.bytes = 0;
                chain.schema = null;
            } else if (commitId != null) {
                sendPosition(commitId, tp, chain);
            }
        }
        bufferedRecords = 0;
        bufferedBytes = 0;
    }

    private void sendPosition(String commitId, TopicPartition tp, PartitionChain chain) {
        long at = chain.chainEnd;
        control.send(ControlMessage.chunkReady(
                        connector, commitId, participantId, tp.topic(), tp.partition(), at, at, 0, 0, null, null)
                .forChain(config.tablePath(), chain.epoch));
    }

    private static List<KeyedRow> project(List<KeyedRow> rows, Schema schema) {
        List<KeyedRow> result = new ArrayList<>(rows.size());
        for (KeyedRow row : rows) {
            GenericRecord projected = SchemaMerger.project(row.row(), schema);
            result.add(projected == row.row() ? row : new KeyedRow(row.recordKey(), row.partitionPath(), projected));
        }
        return result;
    }

    /** Handles a control message; returns true when back-pressure may have eased (a commit happened). */
    public synchronized boolean onControl(ControlMessage message) {
        switch (message.type()) {
            case START -> {
                stage(message.commitId());
                return false;
            }
            case COMMITTED -> {
                onCommitted(message.offsets());
                notifyAll();
                return true;
            }
            case REJECTED -> {
                if (participantId.equals(message.participantId())) {
                    onRejected(
                            new TopicPartition(message.topic(), message.partition()),
                            message.committedOffset(),
                            message.epoch());
                    notifyAll();
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private void onCommitted(Map<String, Long> offsets) {
        if (offsets == null) {
            return;
        }
        chains.forEach((tp, chain) -> {
            Long offset = offsets.get(OffsetsCodec.key(tp.topic(), tp.partition()));
            if (offset != null) {
                chain.committed = Math.max(chain.committed, offset);
                while (!chain.pendingEnds.isEmpty() && chain.pendingEnds.peekFirst() <= offset) {
                    chain.pendingEnds.pollFirst();
                }
            }
        });
    }

    private void onRejected(TopicPartition tp, long committedOffset, Long epoch) {
        PartitionChain chain = chains.get(tp);
        if (chain == null) {
            return; // no longer ours: the new owner started from the table's offsets anyway
        }
        boolean aboutOlderChain = epoch != null ? epoch < chain.epoch : chain.origin >= committedOffset;
        if (aboutOlderChain) {
            LOG.debug(
                    "Ignoring rejection of {} at {}: the chain restarted since, at {}",
                    tp,
                    committedOffset,
                    chain.origin);
            return;
        }
        LOG.info(
                "Chain of {} rejected by the coordinator: dropping {} buffered rows and {} pending chunks, "
                        + "re-reading from committed offset {}",
                tp,
                chain.rows.size(),
                chain.pendingEnds.size(),
                committedOffset);
        bufferedRecords -= chain.rows.size();
        chain.restartAt(committedOffset, ++epochs);
        chain.committed = Math.max(chain.committed, committedOffset);
        recomputeBytes();
        seeks.put(tp, committedOffset);
        refreshTableSchema(); // a rejection may be about rows the table's schema no longer takes
    }

    private void recount() {
        bufferedRecords = chains.values().stream().mapToInt(c -> c.rows.size()).sum();
        recomputeBytes();
    }

    private void recomputeBytes() {
        bufferedBytes = chains.values().stream().mapToLong(c -> c.bytes).sum();
    }

    /** Waits up to {@code timeoutMs} for pending chunks to drop to the limit; returns true when they did. */
    public synchronized boolean awaitPendingBelow(int limit, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (pendingChunks() > limit) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** A cheap estimate of a row's heap size, for the buffer bound. */
    static final class RowSize {
        private RowSize() {}

        static long estimate(Object value) {
            if (value == null) {
                return 8;
            }
            if (value instanceof CharSequence s) {
                return 40L + 2L * s.length();
            }
            if (value instanceof ByteBuffer b) {
                return 48L + b.remaining();
            }
            if (value instanceof GenericRecord r) {
                long size = 32;
                for (Schema.Field f : r.getSchema().getFields()) {
                    size += 8 + estimate(r.get(f.pos()));
                }
                return size;
            }
            if (value instanceof Collection<?> c) {
                long size = 32;
                for (Object o : c) {
                    size += 8 + estimate(o);
                }
                return size;
            }
            if (value instanceof Map<?, ?> m) {
                long size = 48;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    size += 32 + estimate(e.getKey()) + estimate(e.getValue());
                }
                return size;
            }
            return 16;
        }
    }
}
