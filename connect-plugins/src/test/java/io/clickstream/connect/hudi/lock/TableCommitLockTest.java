package io.clickstream.connect.hudi.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.hudi.TestConfigs;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.harness.Waits;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hudi.common.config.LockConfiguration;
import org.apache.hudi.common.config.TypedProperties;
import org.apache.hudi.storage.hadoop.HadoopStorageConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCommitLockTest {

    @TempDir
    Path dir;

    private TableCommitLock lock() {
        return lock(dir.resolve("t"));
    }

    private static TableCommitLock lock(Path table) {
        Map<String, String> props = TestConfigs.bronze(table);
        return new TableCommitLock(new HudiSinkConfig(props), new HadoopStorageConfiguration(new Configuration()));
    }

    /** Makes every lock file under the table's lock directory look ten minutes old, as if its holder died. */
    private static void age(Path table) {
        File[] files = table.resolve(".hoodie/.connect-lock").toFile().listFiles(File::isFile);
        assertThat(files).as("lock files").isNotEmpty();
        for (File file : files) {
            assertThat(file.setLastModified(System.currentTimeMillis() - 10 * 60_000L))
                    .isTrue();
        }
    }

    @Test
    void oneCoordinatorAtATime() throws Exception {
        try (TableCommitLock first = lock();
                TableCommitLock second = lock()) {
            assertThat(first.tryLock(100)).isTrue();
            assertThat(second.tryLock(300)).isFalse();
            assertThat(first.stillHeld()).isTrue();
            first.unlock();
            assertThat(first.stillHeld()).as("released").isFalse();
            assertThat(second.tryLock(100)).isTrue();
            assertThat(first.tryLock(100)).isFalse();
            second.unlock();
        }
    }

    @Test
    void aLockNobodyRefreshesIsBrokenAndItsFormerHolderNoticesBeforeCommitting() throws Exception {
        try (TableCommitLock dead = lock();
                TableCommitLock successor = lock()) {
            assertThat(dead.tryLock(100)).isTrue();
            age(dir.resolve("t")); // as if the holder had been frozen long ago: past ten heartbeats

            assertThat(successor.tryLock(1_000)).isTrue();
            assertThat(dead.stillHeld()).isFalse();
            assertThat(successor.stillHeld()).isTrue();
            dead.unlock(); // must not release the successor's lock
            assertThat(successor.stillHeld()).isTrue();
            try (TableCommitLock third = lock()) {
                assertThat(third.tryLock(300))
                        .as("the successor's lock is still taken")
                        .isFalse();
            }
            successor.unlock();
        }
    }

    @Test
    void aHolderWhoseHeartbeatRanLateCountsItsLeaseAsLostEvenAfterItsHeartbeatRefreshesTheFileAgain() throws Exception {
        TypedProperties props = new TypedProperties();
        props.put(
                TableCommitLock.FS_LOCK_PATH,
                dir.resolve("t/.hoodie/.connect-lock").toUri().toString());
        props.put(LockConfiguration.LOCK_HEARTBEAT_INTERVAL_MS_KEY, "400"); // expires after 4 s
        HeartbeatFileLockProvider lock = new HeartbeatFileLockProvider(
                new LockConfiguration(props), new HadoopStorageConfiguration(new Configuration()));
        File lockFile = dir.resolve("t/.hoodie/.connect-lock/lock.0").toFile();
        try {
            assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isTrue();
            assertThat(lock.isHeld()).as("a fresh lease").isTrue();
            CountDownLatch thawed = new CountDownLatch(1);
            lock.stallHeartbeat(thawed); // as a frozen JVM's heartbeat thread

            awaitCondition(() -> !lock.isHeld(), "the lease counts as lost once the heartbeat is half the expiry late");
            long thawedAt = System.currentTimeMillis();
            thawed.countDown();
            awaitCondition(
                    () -> lockFile.lastModified() >= thawedAt - 1_000, "the heartbeat refreshed the lock file again");

            assertThat(lock.isHeld())
                    .as("nobody took the lock, but the holder no longer relies on it")
                    .isFalse();
            lock.unlock();
            assertThat(lock.tryLock(1, TimeUnit.SECONDS)).as("taken again").isTrue();
            assertThat(lock.isHeld()).as("a new lease").isTrue();
        } finally {
            lock.close();
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        Waits.awaitCondition(condition, Duration.ofSeconds(30), what);
    }

    @Test
    void ofContendersBreakingTheSameExpiredLockExactlyOneWins() throws Exception {
        int contenders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            for (int round = 0; round < 25; round++) {
                Path table = dir.resolve("race" + round);
                try (TableCommitLock stale = lock(table)) {
                    assertThat(stale.tryLock(100)).isTrue();
                    age(table); // its holder froze: every contender sees an expired lock at once
                    List<TableCommitLock> locks = new ArrayList<>();
                    for (int i = 0; i < contenders; i++) {
                        locks.add(lock(table));
                    }
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Boolean>> wins = new ArrayList<>();
                    for (TableCommitLock contender : locks) {
                        wins.add(pool.submit(() -> {
                            go.await();
                            return contender.tryLock(0);
                        }));
                    }
                    go.countDown();
                    int winners = 0;
                    for (Future<Boolean> win : wins) {
                        winners += win.get(60, TimeUnit.SECONDS) ? 1 : 0;
                    }
                    long holding =
                            locks.stream().filter(TableCommitLock::stillHeld).count();
                    assertThat(winners)
                            .as("contenders that took the expired lock in round %d", round)
                            .isEqualTo(1);
                    assertThat(holding)
                            .as("contenders that believe they hold it in round %d", round)
                            .isEqualTo(1);
                    assertThat(stale.stillHeld())
                            .as("the stale holder after the break")
                            .isFalse();
                    locks.forEach(TableCommitLock::close);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
