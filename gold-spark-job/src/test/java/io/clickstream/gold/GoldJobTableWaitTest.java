package io.clickstream.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hudi.common.model.HoodieTableType;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job starts its query only on a table Hudi can open, not on one whose properties are still being written. */
class GoldJobTableWaitTest {

    @TempDir
    Path dir;

    @Test
    void aTableWhosePropertiesAreStillEmptyIsNotReadyYet() throws Exception {
        Path table = dir.resolve("silver");
        Files.createDirectories(table.resolve(".hoodie"));
        Files.createFile(table.resolve(".hoodie/hoodie.properties"));

        assertThat(GoldJob.unreadable(new Configuration(), table.toUri().toString()))
                .contains("TableNotFoundException");
    }

    @Test
    void aCreatedTableIsReady() throws Exception {
        Path table = dir.resolve("silver");
        HoodieTableMetaClient.newTableBuilder()
                .setTableType(HoodieTableType.COPY_ON_WRITE)
                .setTableName("silver")
                .initTable(
                        HadoopFSUtils.getStorageConf(new Configuration()),
                        table.toUri().toString());

        assertThat(GoldJob.unreadable(new Configuration(), table.toUri().toString()))
                .isNull();
    }
}
