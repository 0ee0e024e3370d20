package io.clickstream.connect.hudi.lock;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
 * The sink's default lock: a directory of numbered lock files ({@code lock.<epoch>}), the newest of which is the
 * lock. Taking it creates {@code lock.<n+1>} with the file system's create-if-absent, when {@code lock.<n>} is
 * released ({@code lock.<n>.released}) or has not been refreshed for ten heartbeats
 * ({@code hoodie.write.lock.heartbeat_interval_ms}, default 3 s): its holder died or stalled. That single create is
 * the whole acquisition, so of two contenders breaking the same expired lock exactly one wins; the holder of
 * {@code lock.<n>} holds it while no newer epoch exists. Nothing is ever deleted to take a lock (files of epochs two
 * behind the newest are removed by the next taker).
 *
 * <p>A holder counts its lease as lost ({@link #isHeld()} false until it unlocks) once its own heartbeat ran late by
 * half the expiry: its JVM stalled (GC pause, frozen VM, SIGSTOP) long enough that a contender may be breaking the
 * lock, even if the file does not show it yet. A holder about to act on the lock checks {@link #isHeld()} first.
 *
 * <p>Create-if-absent is atomic on local disks (NIO's {@code CREATE_NEW}) and HDFS; on object stores reached through
 * S3A it is not: configure a lock service through {@code hoodie.write.lock.provider} there, unless the table has a
 * single writer.
 */
public class HeartbeatFileLockProvider implements LockProvider<String> {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatFileLockProvider.class);

    public static final long DEFAULT_HEARTBEAT_MS = 3_000L;
    static final int HEARTBEATS_TO_EXPIRE = 10;
    static final String PREFIX = "lock.";
    static final String RELEASED = ".released";

    private final Path dir;
    private final Configuration conf;
    private final long heartbeatMs;
    private final long expireMs;
    private final ScheduledExecutorService heartbeat;
    private volatile long epoch = -1; // held epoch, -1 when not held
    private volatile String token;
    private volatile long lastBeat; // when this holder last refreshed (or took) its lock file, its own clock
    private volatile boolean leaseLost; // its heartbeat ran late by half the expiry since it took the lock
    private ScheduledFuture<?> beating;

    public HeartbeatFileLockProvider(LockConfiguration lockConfiguration, StorageConfiguration<?> storageConf) {
        this.dir = new Path(lockConfiguration.getConfig().getString(TableCommitLock.FS_LOCK_PATH));
        this.conf = storageConf.unwrapCopyAs(Configuration.class);
        this.heartbeatMs = Long.parseLong(lockConfiguration
                .getConfig()
                .getString(LockConfiguration.LOCK_HEARTBEAT_INTERVAL_MS_KEY, String.valueOf(DEFAULT_HEARTBEAT_MS)));
        this.expireMs = heartbeatMs * HEARTBEATS_TO_EXPIRE;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hudi-lock-heartbeat");
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
        if (epoch >= 0) {
            throw new IllegalStateException("lock " + dir + " is already held by this provider (not reentrant)");
        }
        try {
            FileSystem fs = dir.getFileSystem(conf);
            long newest = newestEpoch(fs);
            if (newest >= 0 && !releasedOrExpired(fs, newest)) {
                return false;
            }
            String candidate = UUID.randomUUID().toString();
            if (!createNew(fs, lockFile(newest + 1), candidate)) {
                return false; // another contender took epoch newest + 1 first
            }
            epoch = newest + 1;
            token = candidate;
            lastBeat = System.currentTimeMillis();
            leaseLost = false;
            beating = heartbeat.scheduleAtFixedRate(this::refresh, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
            removeEpochsBefore(fs, epoch - 1);
            return true;
        } catch (IOException e) {
            LOG.warn("Lock {} unavailable: {}", dir, e.toString());
            return false;
        }
    }

    private boolean releasedOrExpired(FileSystem fs, long newest) throws IOException {
        if (fs.exists(releasedMarker(newest))) {
            return true;
        }
        FileStatus status;
        try {
            status = fs.getFileStatus(lockFile(newest));
        } catch (java.io.FileNotFoundException e) {
            return false; // removed between listing and now: a newer epoch exists, list again next time
        }
        long age = System.currentTimeMillis() - status.getModificationTime();
        if (age <= expireMs) {
            return false;
        }
        LOG.warn("Breaking lock {} (epoch {}): not refreshed for {} ms, its holder died or stalled", dir, newest, age);
        return true;
    }

    /** Create-if-absent: exactly one of several concurrent callers gets true. */
    private static boolean createNew(FileSystem fs, Path file, String content) throws IOException {
        fs.mkdirs(file.getParent());
        if ("file".equals(fs.getUri().getScheme())) {
            // Hadoop's local create(overwrite=false) checks, then opens: not atomic. NIO's CREATE_NEW is (O_EXCL).
            try {
                Files.write(
                        Paths.get(file.toUri()),
                        content.getBytes(StandardCharsets.UTF_8),
                        java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    private long newestEpoch(FileSystem fs) throws IOException {
        long newest = -1;
        if (!fs.exists(dir)) {
            return newest;
        }
        for (FileStatus file : fs.listStatus(dir)) {
            newest = Math.max(newest, epochOf(file.getPath().getName()));
        }
        return newest;
    }

    private static long epochOf(String name) {
        if (!name.startsWith(PREFIX) || name.endsWith(RELEASED)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void removeEpochsBefore(FileSystem fs, long keepFrom) {
        try {
            for (FileStatus file : fs.listStatus(dir)) {
                String name = file.getPath().getName();
                String base = name.endsWith(RELEASED) ? name.substring(0, name.length() - RELEASED.length()) : name;
                long e = epochOf(base);
                if (e >= 0 && e < keepFrom) {
                    fs.delete(file.getPath(), false);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not remove old epochs of lock {}: {}", dir, e.toString());
        }
    }

    private Path lockFile(long e) {
        return new Path(dir, PREFIX + e);
    }

    private Path releasedMarker(long e) {
        return new Path(dir, PREFIX + e + RELEASED);
    }

    private void refresh() {
        long held = epoch;
        if (held < 0) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - lastBeat > expireMs / 2) {
            leaseLost = true;
            LOG.warn(
                    "Lock {} (epoch {}): heartbeat {} ms late, this process stalled; its holder no longer relies on it",
                    dir,
                    held,
                    now - lastBeat - heartbeatMs);
        }
        try {
            dir.getFileSystem(conf).setTimes(lockFile(held), now, -1);
            lastBeat = now;
        } catch (IOException e) {
            LOG.warn("Could not refresh lock {} (epoch {}): {}", dir, held, e.toString());
        }
    }

    /**
     * True while this provider's epoch is the newest and not released (no one broke the lock since it was taken) and
     * its heartbeat has never run late by half the expiry (no one could have started to).
     */
    public synchronized boolean isHeld() {
        long held = epoch;
        if (held < 0 || leaseLost || System.currentTimeMillis() - lastBeat > expireMs / 2) {
            return false;
        }
        try {
            FileSystem fs = dir.getFileSystem(conf);
            return newestEpoch(fs) == held && fs.exists(lockFile(held));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void unlock() {
        if (beating != null) {
            beating.cancel(false);
            beating = null;
        }
        long held = epoch;
        epoch = -1;
        token = null;
        if (held < 0) {
            return;
        }
        try {
            // A marker, not a delete: removing lock.<n> would make an older epoch look newest. If the lock was broken
            // meanwhile, the marker on an old epoch is harmless.
            createNew(dir.getFileSystem(conf), releasedMarker(held), "released");
        } catch (IOException e) {
            LOG.warn(
                    "Could not release lock {} (epoch {}); it expires in {} ms: {}", dir, held, expireMs, e.toString());
        }
    }

    /** Test seam: the heartbeat thread waits for {@code until}, as a stalled JVM's would. */
    void stallHeartbeat(CountDownLatch until) {
        heartbeat.execute(() -> {
            try {
                until.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public String getLock() {
        return token;
    }

    @Override
    public String getCurrentOwnerLockInfo() {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            long newest = newestEpoch(fs);
            return newest < 0 ? "none" : "epoch " + newest + (fs.exists(releasedMarker(newest)) ? " (released)" : "");
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
