package io.clickstream.connect.transforms.geoip;

import com.maxmind.db.CHMCache;
import com.maxmind.db.NoCache;
import com.maxmind.db.NodeCache;
import com.maxmind.db.Reader.FileMode;
import com.maxmind.geoip2.DatabaseReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MaxMind database file opened once per JVM (per plugin class loader) and shared by every transform instance
 * with the same settings: memory-mapped ({@link FileMode#MEMORY_MAPPED}, so tasks share the page cache rather
 * than each holding a copy) with a bounded {@link CHMCache} of decoded records, and reference-counted so the last
 * {@link #release()} closes it.
 *
 * <p>Every file opened, at first and on reload, must be a database of the {@link DatabaseKind} asked for: a file of
 * another kind would open and then fail every lookup.
 *
 * <p>Reload: at most once per check interval a lookup thread compares the file's identity (inode where the file
 * system has one), modification time and size with those it opened; when they differ it opens the new file and
 * swaps readers atomically, so lookups never wait and never see a half-opened database. A file that cannot be
 * opened (e.g. still being written) or is of another kind keeps the old reader, with a warning, and is tried again
 * at the next check. Replace the file by an atomic rename, as MaxMind's {@code geoipupdate} does: writing into the
 * mapped file in place is undefined.
 * The replaced reader is not closed while lookups may still hold it; the garbage collector unmaps it.
 */
final class SharedDatabase {
    /** Decoded records per database (MaxMind's default CHMCache capacity): a City record with its names is KiBs. */
    static final int DECODED_CACHE_SIZE = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(SharedDatabase.class);
    private static final Map<Key, SharedDatabase> OPEN = new HashMap<>();

    private record Key(Path path, DatabaseKind kind, int cacheSize, long checkIntervalMs) {}

    /** A file that opens as a MaxMind database but is not of the kind asked for. */
    static final class WrongKind extends IOException {
        private static final long serialVersionUID = 1L;

        WrongKind(String message) {
            super(message);
        }
    }

    private record FileVersion(Object fileKey, long modifiedMillis, long size) {}

    private final Key key;
    private final LongSupplier nanoClock;
    private final long checkIntervalNanos;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile DatabaseReader reader;
    private volatile FileVersion version;
    private volatile long nextCheckNanos;
    private int references;

    private SharedDatabase(Key key, LongSupplier nanoClock) throws IOException {
        this.key = key;
        this.nanoClock = nanoClock;
        this.checkIntervalNanos = TimeUnit.MILLISECONDS.toNanos(key.checkIntervalMs());
        this.version = version(key.path());
        this.reader = open(key);
        this.nextCheckNanos = nanoClock.getAsLong() + checkIntervalNanos;
    }

    /**
     * The shared database of this file, kind and settings, opened if no transform holds it yet. An
     * {@code UncheckedIOException} says why a file cannot be used (its message names no path: the caller's does).
     */
    static SharedDatabase acquire(Path path, DatabaseKind kind, int cacheSize, long checkIntervalMs) {
        return acquire(path, kind, cacheSize, checkIntervalMs, System::nanoTime);
    }

    static SharedDatabase acquire(
            Path path, DatabaseKind kind, int cacheSize, long checkIntervalMs, LongSupplier nanoClock) {
        Key key = new Key(path.toAbsolutePath().normalize(), kind, cacheSize, checkIntervalMs);
        synchronized (OPEN) {
            SharedDatabase database = OPEN.get(key);
            if (database == null) {
                try {
                    database = new SharedDatabase(key, nanoClock);
                } catch (WrongKind e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot be opened as a MaxMind database: " + e.getMessage(), e);
                }
                OPEN.put(key, database);
            }
            database.references++;
            return database;
        }
    }

    /** Number of databases open in this JVM (for tests). */
    static int openCount() {
        synchronized (OPEN) {
            return OPEN.size();
        }
    }

    /** Drops one reference; the last one closes the reader. */
    void release() {
        synchronized (OPEN) {
            if (--references > 0) {
                return;
            }
            OPEN.remove(key);
        }
        try {
            reader.close();
        } catch (IOException e) {
            LOG.warn("Closing the MaxMind database {} failed", key.path(), e);
        }
    }

    /** The current reader, reloaded first when a check is due and the file has changed. */
    DatabaseReader reader() {
        if (checkIntervalNanos > 0
                && nanoClock.getAsLong() - nextCheckNanos >= 0
                && checking.compareAndSet(false, true)) {
            try {
                reloadIfChanged();
            } finally {
                nextCheckNanos = nanoClock.getAsLong() + checkIntervalNanos;
                checking.set(false);
            }
        }
        return reader;
    }

    Path path() {
        return key.path();
    }

    DatabaseKind kind() {
        return key.kind();
    }

    private void reloadIfChanged() {
        try {
            FileVersion current = version(key.path());
            if (current.equals(version)) {
                return;
            }
            DatabaseReader fresh = open(key);
            reader = fresh;
            version = current;
            LOG.info(
                    "Reloaded the MaxMind database {} ({}, built {})",
                    key.path(),
                    fresh.getMetadata().databaseType(),
                    fresh.getMetadata().buildTime());
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "The MaxMind database {} changed but cannot be used; keeping the previous one until the next "
                            + "check: {}",
                    key.path(),
                    e.toString());
        }
    }

    private static DatabaseReader open(Key key) throws IOException {
        NodeCache cache = key.cacheSize() > 0 ? new CHMCache(key.cacheSize()) : NoCache.getInstance();
        DatabaseReader reader = new DatabaseReader.Builder(key.path().toFile())
                .fileMode(FileMode.MEMORY_MAPPED)
                .withCache(cache)
                .build();
        String mismatch = key.kind().mismatch(reader);
        if (mismatch != null) {
            reader.close();
            throw new WrongKind(mismatch);
        }
        return reader;
    }

    private static FileVersion version(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new FileVersion(
                Objects.requireNonNullElse(attributes.fileKey(), ""),
                attributes.lastModifiedTime().toMillis(),
                attributes.size());
    }
}
