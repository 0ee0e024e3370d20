package io.clickstream.connect.hudi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import io.clickstream.connect.hudi.HudiSinkConfig;
import io.clickstream.connect.hudi.TestConfigs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hudi.storage.hadoop.HadoopStorageConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCommitLockTest {

  @TempDir
  Path dir;

  private TableCommitLock lock() {
    Map<String, String> props = TestConfigs.bronze(dir.resolve("t"));
    return new TableCommitLock(new HudiSinkConfig(props), new HadoopStorageConfiguration(new Configuration()));
  }

  @Test
  void oneCoordinatorAtATime() throws Exception {
    try (TableCommitLock first = lock(); TableCommitLock second = lock()) {
      assertThat(first.tryLock(100)).isTrue();
      assertThat(second.tryLock(300)).isFalse();
      assertThat(first.stillHeld()).isTrue();
      first.unlock();
      assertThat(second.tryLock(100)).isTrue();
      assertThat(first.tryLock(100)).isFalse();
      second.unlock();
    }
  }

  @Test
  void aLockNobodyRefreshesIsBrokenAndItsFormerHolderNoticesBeforeCommitting() throws Exception {
    try (TableCommitLock dead = lock(); TableCommitLock successor = lock()) {
      assertThat(dead.tryLock(100)).isTrue();
      // as if the holder had been killed long ago: the file's age is past ten heartbeats
      File file = dir.resolve("t/.hoodie/.connect-lock/lock").toFile();
      assertThat(file).exists();
      assertThat(file.setLastModified(System.currentTimeMillis() - 10 * 60_000L)).isTrue();

      assertThat(successor.tryLock(1_000)).isTrue();
      assertThat(dead.stillHeld()).isFalse();
      assertThat(successor.stillHeld()).isTrue();
      dead.unlock(); // must not release the successor's lock
      assertThat(successor.stillHeld()).isTrue();
      successor.unlock();
    }
  }
}
