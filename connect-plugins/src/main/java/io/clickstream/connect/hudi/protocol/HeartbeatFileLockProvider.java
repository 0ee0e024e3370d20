package io.clickstream.connect.hudi.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hudi.common.config.LockConfiguration;
import org.apache.hudi.common.lock.LockProvider;
import org.apache.hudi.storage.StorageConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's default commit lock: a file next to the timeline holding the owner's token, whose modification time
 * the owner refreshes every heartbeat ({@code hoodie.write.lock.heartbeat_interval_ms}, default 3 s). A lock not
 * refreshed for ten heartbeats belongs to a dead coordinator (a killed worker) and is broken, so a crash mid-commit
 * stalls commits for half a minute instead of Hudi's file lock's minutes. Creating the file relies on the file
 * system's create-if-absent: fine on local disks and HDFS; on object stores configure a lock service through
 * {@code hoodie.write.lock.provider} (DynamoDB, ZooKeeper, Hive metastore).
 */
public class HeartbeatFileLockProvider implements LockProvider<String> {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatFileLockProvider.class);

  static final long DEFAULT_HEARTBEAT_MS = 3_000L;
  static final int HEARTBEATS_TO_EXPIRE = 10;

  private final Path lockFile;
  private final Configuration conf;
  private final long heartbeatMs;
  private final long expireMs;
  private final ScheduledExecutorService heartbeat;
  private volatile String token;
  private ScheduledFuture<?> beating;

  public HeartbeatFileLockProvider(LockConfiguration lockConfiguration, StorageConfiguration<?> storageConf) {
    String dir = lockConfiguration.getConfig().getString(TableCommitLock.FS_LOCK_PATH);
    this.lockFile = new Path(dir, "lock");
    this.conf = storageConf.unwrapCopyAs(Configuration.class);
    this.heartbeatMs = Long.parseLong(lockConfiguration.getConfig().getString(
        LockConfiguration.LOCK_HEARTBEAT_INTERVAL_MS_KEY, String.valueOf(DEFAULT_HEARTBEAT_MS)));
    this.expireMs = heartbeatMs * HEARTBEATS_TO_EXPIRE;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hudi-commit-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) {
    long deadline = System.currentTimeMillis() + unit.toMillis(time);
    while (true) {
      if (tryAcquire()) {
        return true;
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.min(left, 200));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private synchronized boolean tryAcquire() {
    try {
      FileSystem fs = lockFile.getFileSystem(conf);
      if (fs.exists(lockFile)) {
        FileStatus status = fs.getFileStatus(lockFile);
        long age = System.currentTimeMillis() - status.getModificationTime();
        if (age <= expireMs) {
          return false;
        }
        LOG.warn("Breaking commit lock {} of {}: not refreshed for {} ms (its coordinator died)", lockFile,
            read(fs), age);
        fs.delete(lockFile, false);
      }
      String candidate = UUID.randomUUID().toString();
      try (OutputStream out = fs.create(lockFile, false)) {
        out.write(candidate.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        return false; // created by someone else in between
      }
      if (!candidate.equals(read(fs))) {
        return false;
      }
      token = candidate;
      beating = heartbeat.scheduleAtFixedRate(this::refresh, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
      return true;
    } catch (IOException e) {
      LOG.warn("Commit lock {} unavailable: {}", lockFile, e.toString());
      return false;
    }
  }

  private void refresh() {
    try {
      FileSystem fs = lockFile.getFileSystem(conf);
      if (token != null && token.equals(read(fs))) {
        fs.setTimes(lockFile, System.currentTimeMillis(), -1);
      }
    } catch (IOException e) {
      LOG.warn("Could not refresh commit lock {}: {}", lockFile, e.toString());
    }
  }

  /** True while the lock file still carries this holder's token. */
  public synchronized boolean isHeld() {
    try {
      return token != null && token.equals(read(lockFile.getFileSystem(conf)));
    } catch (IOException e) {
      return false;
    }
  }

  private String read(FileSystem fs) throws IOException {
    try (InputStream in = fs.open(lockFile)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  @Override
  public synchronized void unlock() {
    if (beating != null) {
      beating.cancel(false);
      beating = null;
    }
    try {
      FileSystem fs = lockFile.getFileSystem(conf);
      if (token != null && token.equals(read(fs))) {
        fs.delete(lockFile, false);
      }
    } catch (IOException e) {
      LOG.warn("Could not release commit lock {}: {}", lockFile, e.toString());
    } finally {
      token = null;
    }
  }

  @Override
  public String getLock() {
    return token;
  }

  @Override
  public String getCurrentOwnerLockInfo() {
    try {
      return String.valueOf(read(lockFile.getFileSystem(conf)));
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    unlock();
    heartbeat.shutdownNow();
  }
}
