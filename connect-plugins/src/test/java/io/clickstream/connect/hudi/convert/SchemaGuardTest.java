package io.clickstream.connect.hudi.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class SchemaGuardTest {

    private final AtomicReference<Schema> table = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();

    private static GenericRecord row(String... fields) {
        SchemaBuilder.FieldAssembler<Schema> assembler =
                SchemaBuilder.record("r").fields();
        for (String field : fields) {
            assembler = assembler.optionalString(field);
        }
        GenericRecord record = new GenericData.Record(assembler.endRecord());
        for (String field : fields) {
            record.put(field, "v-" + field);
        }
        return record;
    }

    private SchemaGuard guard(int max, SchemaOverflow overflow) {
        return new SchemaGuard(max, overflow, table::get, dropped::addAndGet);
    }

    @Test
    void deadLetterModeRefusesARowWhoseNewFieldClashesWithTheCommittedTableIgnoringCase() {
        table.set(row("event_type", "n").getSchema());
        SchemaGuard guard = guard(100, SchemaOverflow.DEAD_LETTER);
        GenericRecord ok = row("event_type", "n", "x");
        assertThat(guard.admit(ok)).isSameAs(ok);
        assertThatThrownBy(() -> guard.admit(row("Event_Type", "n")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'Event_Type'")
                .hasMessageContaining("ignoring case")
                .hasMessageContaining("schema.overflow=dead-letter");
        assertThatThrownBy(() -> guard.admit(row("n", "X")))
                .as("a column this task admitted, not yet committed")
                .hasMessageContaining("'X'")
                .hasMessageContaining("'x'");
    }

    @Test
    void theCapCountsColumnsThisTaskAdmittedAcrossRows() {
        SchemaGuard guard = guard(3, SchemaOverflow.DEAD_LETTER);
        guard.admit(row("a", "b"));
        guard.admit(row("a", "c"));
        assertThatThrownBy(() -> guard.admit(row("d"))).hasMessageContaining("schema.max.columns=3");
        assertThat(guard.admit(row("a", "b", "c")).getSchema().getFields()).hasSize(3);
    }

    @Test
    void dropFieldModeWritesTheRowWithoutTheRefusedFieldsAndCountsThem() {
        table.set(row("event_type").getSchema());
        SchemaGuard guard = guard(2, SchemaOverflow.DROP_FIELD);

        GenericRecord written = guard.admit(row("event_type", "Event_Type", "page", "more"));
        assertThat(written.getSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly("event_type", "page");
        assertThat(written.get("page").toString()).isEqualTo("v-page");
        assertThat(dropped.get()).isEqualTo(2);
        guard.admit(row("event_type", "more"));
        assertThat(dropped.get()).as("counted per row").isEqualTo(3);
    }

    @Test
    void columnsAnotherTaskCommittedCountOnceTheTableIsReadAgain() {
        SchemaGuard guard = guard(100, SchemaOverflow.DEAD_LETTER);
        guard.admit(row("n", "foo"));
        table.set(row("n", "Bar").getSchema()); // another task's rows committed; this task re-read the table
        assertThatThrownBy(() -> guard.admit(row("n", "bar"))).hasMessageContaining("'Bar'");
    }
}
