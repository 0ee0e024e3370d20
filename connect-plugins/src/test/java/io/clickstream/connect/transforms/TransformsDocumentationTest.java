package io.clickstream.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.contract.SilverFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/transforms.md states every key as the code defines it, and every Silver column. */
class TransformsDocumentationTest {
    private static final Path DOC = Path.of("..", "docs", "transforms.md");

    @Test
    void everyConfigurationKeyIsDocumentedExactlyAsDefined() throws Exception {
        List<String> lines = Files.readAllLines(DOC);
        TransformDocTables.tables()
                .forEach((transform, rows) -> assertThat(lines)
                        .as("rows of %s in %s (print them with TransformDocTables.main)", transform, DOC)
                        .containsAll(rows));
    }

    @Test
    void everySilverColumnIsInTheSchemaTable() throws Exception {
        String doc = Files.readString(DOC);
        for (String column : SilverFields.ALL) {
            assertThat(doc)
                    .as("column %s in the Silver schema table", column)
                    .containsPattern("\\| [^\\n]*`" + column + "`");
        }
    }
}
