package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.convert.ColumnRules;
import io.clickstream.connect.hudi.convert.SchemaMerger;
import io.clickstream.connect.hudi.protocol.ChunkChainPlanner.Plan;
import io.clickstream.connect.hudi.protocol.ChunkChainPlanner.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one commit: the chains of {@link ChunkChainPlanner}, cut before any chunk whose rows' schema cannot join the
 * table's (a field changing type) or the columns of the chunks before it ({@link ColumnRules}: new columns of
 * several tasks clashing ignoring case or passing {@code schema.max.columns}). Such a chunk cannot be written now:
 * its sender is rejected, re-reads its range knowing the table's schema (once this commit is in) and dead-letters,
 * or writes without the refused fields, the rows that do not fit.
 *
 * <p>Pure apart from reading the table's schema; the caller holds the commit lock and drops the conflicting chunks.
 */
final class CommitPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(CommitPlanner.class);

    /**
     * @param plan        the plan without conflicting chunks
     * @param conflicting chunks that can never be written (their files are to be deleted)
     * @param rejections  the conflicting chunks' senders, then the plan's own rejections
     */
    record Outcome(Plan plan, List<StagedChunk> conflicting, List<Rejection> rejections) {}

    private final Supplier<Schema> tableSchema;
    private final int maxColumns;
    private final long maxRecords;
    private final long maxBytes;
    private final String connector;

    CommitPlanner(Supplier<Schema> tableSchema, int maxColumns, long maxRecords, long maxBytes, String connector) {
        this.tableSchema = tableSchema;
        this.maxColumns = maxColumns;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.connector = connector;
    }

    Outcome plan(Map<String, Long> committed, List<StagedChunk> seen) {
        List<StagedChunk> candidates = new ArrayList<>(seen);
        List<StagedChunk> dropped = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Plan plan = ChunkChainPlanner.plan(committed, candidates, maxRecords, maxBytes);
        List<StagedChunk> conflicting = schemaConflicts(plan);
        while (!conflicting.isEmpty()) {
            candidates.removeAll(conflicting);
            dropped.addAll(conflicting);
            plan = ChunkChainPlanner.plan(committed, candidates, maxRecords, maxBytes);
            for (StagedChunk chunk : conflicting) {
                rejections.add(new Rejection(
                        chunk.participantId(),
                        chunk.topic(),
                        chunk.partition(),
                        plan.nextOffsets().getOrDefault(chunk.partitionKey(), 0L),
                        chunk.epoch()));
            }
            conflicting = schemaConflicts(plan);
        }
        rejections.addAll(plan.rejections());
        return new Outcome(plan, dropped, rejections);
    }

    /** Accepted chunks whose rows' schema cannot join the table's, in chain order. */
    private List<StagedChunk> schemaConflicts(Plan plan) {
        Schema union = tableSchema.get();
        List<StagedChunk> conflicting = new ArrayList<>();
        for (StagedChunk chunk : plan.accepted()) {
            if (chunk.avroSchema() == null) {
                continue;
            }
            try {
                Schema chunkSchema = new Schema.Parser().parse(chunk.avroSchema());
                // Tasks guard new columns apart: together they could add names clashing ignoring case, or pass the cap.
                List<ColumnRules.Refusal> refused =
                        ColumnRules.refusals(ColumnRules.columnsOf(union), chunkSchema, maxColumns);
                if (!refused.isEmpty()) {
                    throw new DataException(ColumnRules.reason(refused));
                }
                union = SchemaMerger.union(union, chunkSchema);
            } catch (DataException | SchemaParseException e) {
                LOG.warn(
                        "Chunk {} of {} does not fit the table's schema ({}); its sender re-reads it",
                        chunk,
                        connector,
                        e.getMessage());
                conflicting.add(chunk);
            }
        }
        return conflicting;
    }
}
