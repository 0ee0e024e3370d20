package io.clickstream.connect.hudi.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.hudi.TestConfigs;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.lock.HeartbeatFileLockProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableServiceDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void theWriteClientRunsUnderOptimisticConcurrencyWithATransactionLockApartFromTheCommitLock() {
        Map<String, String> props = TestConfigs.bronze(dir.resolve("t"));
        props.put("hoodie.write.concurrency.mode", "SINGLE_WRITER"); // would take the fence out of the lock
        props.put("hoodie.cleaner.policy.failed.writes", "EAGER");

        Map<String, String> write = TableServiceDefaults.writeProperties(new HudiSinkConfig(props));

        assertThat(write)
                .as("forced over the user's values")
                .containsEntry("hoodie.write.concurrency.mode", "OPTIMISTIC_CONCURRENCY_CONTROL")
                .containsEntry("hoodie.cleaner.policy.failed.writes", "LAZY")
                .containsEntry("hoodie.write.lock.provider", HeartbeatFileLockProvider.class.getName());
        assertThat(write.get("hoodie.write.lock.filesystem.path"))
                .as("the transaction lock's directory")
                .endsWith("/.hoodie/.connect-lock/txn");
    }

    @Test
    void upsertsMergeThroughTheClassicMergeHandleSizingRowsAtTheirOwnSizeUnlessTheUserNamesAnother() {
        Map<String, String> props = TestConfigs.bronze(dir.resolve("t"));
        assertThat(TableServiceDefaults.writeProperties(new HudiSinkConfig(props)))
                .as("default")
                .containsEntry(TableServiceDefaults.MERGE_HANDLE_CLASS, RowSizedMergeHandle.class.getName())
                .containsEntry(TableServiceDefaults.MERGE_MAX_MEMORY, String.valueOf(128L * 1024 * 1024));
        assertThat(org.apache.hudi.io.HoodieWriteMergeHandle.class).isAssignableFrom(RowSizedMergeHandle.class);

        props.put(TableServiceDefaults.MERGE_HANDLE_CLASS, "org.apache.hudi.io.FileGroupReaderBasedMergeHandle");
        props.put(TableServiceDefaults.MERGE_MAX_MEMORY, "1073741824");
        assertThat(TableServiceDefaults.writeProperties(new HudiSinkConfig(props)))
                .as("the user's choice")
                .containsEntry(
                        TableServiceDefaults.MERGE_HANDLE_CLASS, "org.apache.hudi.io.FileGroupReaderBasedMergeHandle")
                .containsEntry(TableServiceDefaults.MERGE_MAX_MEMORY, "1073741824");
    }

    @Test
    void aZooKeeperTransactionLockNamesAnotherKeyThanTheCommitLock() {
        Map<String, String> props = TestConfigs.bronze(dir.resolve("t"));
        props.put("hoodie.write.lock.provider", "org.apache.hudi.client.transaction.lock.ZookeeperBasedLockProvider");
        props.put("hoodie.write.lock.zookeeper.url", "zk1");
        Map<String, String> withKey = new java.util.HashMap<>(props);
        withKey.put("hoodie.write.lock.zookeeper.lock_key", "bronze");

        assertThat(TableServiceDefaults.transactionLockProperties(new HudiSinkConfig(withKey)))
                .containsEntry("hoodie.write.lock.zookeeper.lock_key", "bronze-txn")
                .containsEntry("hoodie.write.lock.zookeeper.url", "zk1");
        assertThat(TableServiceDefaults.transactionLockProperties(new HudiSinkConfig(props)))
                .as("without a key ZooKeeper's default, the table name, gets the suffix")
                .containsEntry("hoodie.write.lock.zookeeper.lock_key", "events-txn");
    }
}
