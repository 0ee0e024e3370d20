package io.clickstream.connect.hudi.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class ColumnRulesTest {

    private static Schema row(String... fields) {
        SchemaBuilder.FieldAssembler<Schema> assembler =
                SchemaBuilder.record("r").fields();
        for (String field : fields) {
            assembler = assembler.optionalString(field);
        }
        return assembler.endRecord();
    }

    private static List<String> refused(Set<String> columns, Schema row, int max) {
        return ColumnRules.refusals(columns, row, max).stream()
                .map(ColumnRules.Refusal::field)
                .toList();
    }

    @Test
    void aNewFieldEqualToAColumnOrAnotherNewFieldIgnoringCaseNeverBecomesAColumn() {
        Set<String> table = Set.of("event_type", "n");
        assertThat(refused(table, row("n", "Event_Type", "x", "X", "y"), 100)).containsExactly("Event_Type", "X");
        assertThat(ColumnRules.refusals(table, row("EVENT_TYPE"), 100).get(0).reason())
                .contains("'EVENT_TYPE'", "'event_type'", "ignoring case");
        assertThat(refused(table, row("event_type", "n"), 100))
                .as("existing columns are no new fields")
                .isEmpty();
    }

    @Test
    void namesStartingWithHoodieInAnyCaseAreHudisOwn() {
        assertThat(refused(Set.of(), row("_hoodie_record_key", "_Hoodie_x", "hoodie"), 100))
                .containsExactly("_hoodie_record_key", "_Hoodie_x");
    }

    @Test
    void theCapCountsTheTablesColumnsAndTheNewFieldsAdmittedBeforeInTheSameRow() {
        assertThat(refused(Set.of("a", "b"), row("a", "c", "d", "e"), 3)).containsExactly("d", "e");
        assertThat(ColumnRules.refusals(Set.of("a", "b"), row("c", "d"), 3)
                        .get(0)
                        .reason())
                .contains("'d'", "schema.max.columns=3", "has 3 columns");
        assertThat(refused(Set.of("a", "b", "c", "d"), row("a"), 3))
                .as("a table already past the cap takes old columns")
                .isEmpty();
    }

    @Test
    void reasonsQuoteAtMostEightyCharactersOfAName() {
        String longName = "f" + "x".repeat(10_000);
        String reason = ColumnRules.reason(ColumnRules.refusals(Set.of(longName.toUpperCase()), row(longName, "F"), 1));
        assertThat(reason.length()).isLessThan(400);
        assertThat(reason).contains("(and 1 more new field(s) refused)");
    }
}
