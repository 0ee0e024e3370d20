package io.clickstream.connect.hudi.convert;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's schema evolution guard (structured mode): a row's new top-level fields become columns only as
 * {@link ColumnRules} allow, checked against the table's schema as committed (as the task last read it) plus the
 * columns this task has admitted since. A row with a refused field is dead-lettered ({@link SchemaOverflow#DEAD_LETTER}: a {@link DataException}
 * naming the field and the rule) or written without it ({@link SchemaOverflow#DROP_FIELD}: logged once per field
 * name, counted). Tasks check apart: the coordinator applies the same rules to the chunks of one commit, so two tasks
 * cannot together add columns that clash or overshoot the cap.
 *
 * <p>Not thread-safe: the task calls it under its participant's monitor.
 */
public final class SchemaGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaGuard.class);
    /** Field names whose drop is logged; later ones are counted only. */
    static final int MAX_LOGGED_NAMES = 1_000;
    /** Schemas whose verdict is kept: schemaless values may bring a new schema with every record. */
    static final int MAX_VERDICTS = 1_000;

    /** The outcome for rows of one schema: the schema to write them with, or why they are refused. */
    private record Verdict(Schema narrowed, List<ColumnRules.Refusal> refusals) {}

    private final int maxColumns;
    private final SchemaOverflow overflow;
    private final Supplier<Schema> tableSchema;
    private final LongConsumer dropped;
    private final Set<String> columns = new HashSet<>();
    private final Map<Schema, Verdict> verdicts = new HashMap<>();
    private final Set<String> loggedDrops = new HashSet<>();
    private Schema lastTable;

    /**
     * @param tableSchema the table's schema as the task last read it (null before the first commit)
     * @param dropped     told how many fields were dropped from a row
     */
    public SchemaGuard(int maxColumns, SchemaOverflow overflow, Supplier<Schema> tableSchema, LongConsumer dropped) {
        this.maxColumns = maxColumns;
        this.overflow = overflow;
        this.tableSchema = tableSchema;
        this.dropped = dropped;
    }

    /**
     * @return the row to write: {@code row} itself, or a copy without its refused fields
     * @throws DataException when the row has a refused field and refused rows are dead-lettered
     */
    public GenericRecord admit(GenericRecord row) {
        Schema table = tableSchema.get();
        if (table != lastTable) {
            // Read again (a partition opened, or a chunk was rejected: maybe for a column it admitted that another
            // task's commit made impossible): judge from the table as committed, forgetting columns never committed.
            lastTable = table;
            columns.clear();
            columns.addAll(ColumnRules.columnsOf(table));
            verdicts.clear();
        }
        Schema schema = row.getSchema();
        Verdict verdict = verdicts.get(schema);
        if (verdict == null) {
            verdict = judge(schema);
        }
        if (verdict.refusals().isEmpty()) {
            return row;
        }
        if (overflow == SchemaOverflow.DEAD_LETTER) {
            throw new DataException(ColumnRules.reason(verdict.refusals()) + " (schema.overflow=dead-letter)");
        }
        logDrops(verdict.refusals());
        dropped.accept(verdict.refusals().size());
        GenericData.Record narrowed = new GenericData.Record(verdict.narrowed());
        for (Schema.Field field : verdict.narrowed().getFields()) {
            narrowed.put(field.pos(), row.get(field.name()));
        }
        return narrowed;
    }

    private Verdict judge(Schema schema) {
        List<ColumnRules.Refusal> refusals = ColumnRules.refusals(columns, schema, maxColumns);
        Schema narrowed = refusals.isEmpty() ? schema : without(schema, refusals);
        boolean grew = false;
        if (refusals.isEmpty() || overflow == SchemaOverflow.DROP_FIELD) {
            for (Schema.Field field : narrowed.getFields()) {
                grew |= columns.add(field.name());
            }
        }
        if (grew) {
            verdicts.clear(); // judged against fewer columns
        }
        Verdict verdict = new Verdict(narrowed, refusals);
        if (verdicts.size() >= MAX_VERDICTS) {
            verdicts.clear();
        }
        verdicts.put(schema, verdict);
        return verdict;
    }

    private static Schema without(Schema schema, List<ColumnRules.Refusal> refusals) {
        Set<String> refused = new HashSet<>();
        refusals.forEach(r -> refused.add(r.field()));
        List<Schema.Field> kept = schema.getFields().stream()
                .filter(f -> !refused.contains(f.name()))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
    }

    private void logDrops(List<ColumnRules.Refusal> refusals) {
        for (ColumnRules.Refusal refusal : refusals) {
            if (loggedDrops.size() < MAX_LOGGED_NAMES && loggedDrops.add(refusal.field())) {
                LOG.warn(
                        "{}; rows are written without it (schema.overflow=drop-field; logged once per field name{})",
                        refusal.reason(),
                        loggedDrops.size() == MAX_LOGGED_NAMES ? ", no more names logged" : "");
            }
        }
    }
}
