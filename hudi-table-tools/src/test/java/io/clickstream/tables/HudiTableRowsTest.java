package io.clickstream.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HudiTableRowsTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("hudi-table-rows-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    @Test
    void writesTheChosenColumnsOfEveryRowAsJsonLinesLeavingNullsOut(@TempDir Path dir) throws Exception {
        String path = dir.resolve("t").toUri().toString();
        spark.sql("SELECT id, id % 2 AS part, IF(id = 1, NULL, concat('v', id)) AS v, 'x' AS other FROM range(0, 3)")
                .write()
                .format("hudi")
                .option("hoodie.table.name", "rows_test")
                .option("hoodie.datasource.write.operation", "insert")
                .option("hoodie.datasource.write.recordkey.field", "id")
                .option("hoodie.datasource.write.partitionpath.field", "part")
                .option("hoodie.embed.timeline.server", "false")
                .save(path);
        Path out = dir.resolve("rows.jsonl");

        long rows = HudiTableRows.write(spark, path, out, List.of("id", "v"));

        assertThat(rows).as("rows written").isEqualTo(3);
        assertThat(Files.readAllLines(out))
                .as("lines of %s", out)
                .containsExactlyInAnyOrder("{\"id\":0,\"v\":\"v0\"}", "{\"id\":1}", "{\"id\":2,\"v\":\"v2\"}");
    }
}
