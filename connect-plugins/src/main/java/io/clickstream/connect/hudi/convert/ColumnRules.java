package io.clickstream.connect.hudi.convert;

import io.clickstream.connect.text.Quoted;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Which new top-level fields a table may take as columns. Columns are never dropped, so a name admitted once is the
 * table's for good; these rules keep out names that would break the table for ever:
 * <ul>
 *   <li>a name equal to an existing column or to another new field ignoring case: Spark resolves names
 *       case-insensitively and cannot read a table holding {@code event_type} and {@code Event_Type} at all;
 *   <li>a name starting with {@code _hoodie_} (any case): Hudi's own columns;
 *   <li>a column beyond {@code maxColumns} data columns.
 * </ul>
 * Pure: the caller says which columns the table has (its committed schema plus what it admitted since).
 */
public final class ColumnRules {

    /** Hudi's meta columns' prefix. */
    public static final String HUDI_META_PREFIX = "_hoodie_";
    /** Longest field name quoted in a reason: names come from data. */
    static final int MAX_QUOTED_NAME = 80;

    /** A new field the table may not take, and why (bounded). */
    public record Refusal(String field, String reason) {}

    private ColumnRules() {}

    /**
     * The refused new fields of {@code row}, in field order; empty when every new field may become a column. Fields
     * are taken in order: of two new fields equal ignoring case the second is refused, and the cap refuses the later
     * ones.
     *
     * @param columns the table's data columns (exact names)
     */
    public static List<Refusal> refusals(Collection<String> columns, Schema row, int maxColumns) {
        Set<String> exact = columns instanceof Set<String> set ? set : new HashSet<>(columns);
        Map<String, String> byLowerCase = new HashMap<>();
        for (String column : columns) {
            byLowerCase.putIfAbsent(lower(column), column);
        }
        Map<String, String> added = new HashMap<>();
        List<Refusal> refusals = new ArrayList<>();
        for (Schema.Field field : row.getFields()) {
            String name = field.name();
            if (exact.contains(name)) {
                continue;
            }
            String lower = lower(name);
            if (lower.startsWith(HUDI_META_PREFIX)) {
                refusals.add(new Refusal(
                        name,
                        "new field '" + quoted(name) + "' is not added as a column: names starting " + "with "
                                + HUDI_META_PREFIX + " are Hudi's own"));
            } else if (byLowerCase.containsKey(lower)) {
                refusals.add(new Refusal(
                        name,
                        "new field '" + quoted(name) + "' is not added as a column: it equals column '"
                                + quoted(byLowerCase.get(lower))
                                + "' ignoring case (Spark resolves names case-insensitively and could "
                                + "not read the table)"));
            } else if (added.containsKey(lower)) {
                refusals.add(new Refusal(
                        name,
                        "new field '" + quoted(name) + "' is not added as a column: it equals new "
                                + "field '" + quoted(added.get(lower))
                                + "' ignoring case (Spark resolves names case-insensitively and "
                                + "could not read the table)"));
            } else if (columns.size() + added.size() >= maxColumns) {
                refusals.add(new Refusal(
                        name,
                        "new field '" + quoted(name) + "' is not added as a column: the table has "
                                + (columns.size() + added.size()) + " columns, schema.max.columns=" + maxColumns));
            } else {
                added.put(lower, name);
            }
        }
        return refusals;
    }

    /** The data columns of a table schema (null: none yet). */
    public static Set<String> columnsOf(Schema table) {
        Set<String> names = new HashSet<>();
        if (table != null) {
            for (Schema.Field field : table.getFields()) {
                if (!lower(field.name()).startsWith(HUDI_META_PREFIX)) {
                    names.add(field.name());
                }
            }
        }
        return names;
    }

    /** One reason for a record: the first refusal, and how many more. */
    public static String reason(List<Refusal> refusals) {
        String first = refusals.get(0).reason();
        return refusals.size() == 1 ? first : first + " (and " + (refusals.size() - 1) + " more new field(s) refused)";
    }

    static String quoted(String name) {
        return Quoted.prefix(name, MAX_QUOTED_NAME);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
