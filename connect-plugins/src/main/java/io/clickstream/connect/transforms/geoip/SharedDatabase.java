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
 * <p>Reload: at most once per check interval a lookup thread compares the file's identity (inode where the file
 * system has one), modification time and size with those it opened; when they differ it opens the new file and
 * swaps readers atomically, so lookups never wait and never see a half-opened database. A file that cannot be
 * opened (e.g. still being written) keeps the old reader and is tried again at the next check. Replace the file
 * by an atomic rename, as MaxMind's {@code geoipupdate} does: writing into the mapped file in place is undefined.
 * The replaced reader is not closed while lookups may still hold it; the garbage collector unmaps it.
 */
final class SharedDatabase {
  /** Decoded records per database (MaxMind's default CHMCache capacity): a City record with its names is KiBs. */
  static final int DECODED_CACHE_SIZE = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(SharedDatabase.class);
  private static final Map<Key, SharedDatabase> OPEN = new HashMap<>();

  private record Key(Path path, int cacheSize, long checkIntervalMs) {
  }

  private record FileVersion(Object fileKey, long modifiedMillis, long size) {
  }

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
    this.reader = open(key.path(), key.cacheSize());
    this.nextCheckNanos = nanoClock.getAsLong() + checkIntervalNanos;
  }

  /** The shared database of this file and settings, opened if no transform holds it yet. */
  static SharedDatabase acquire(Path path, int cacheSize, long checkIntervalMs) {
    return acquire(path, cacheSize, checkIntervalMs, System::nanoTime);
  }

  static SharedDatabase acquire(Path path, int cacheSize, long checkIntervalMs, LongSupplier nanoClock) {
    Key key = new Key(path.toAbsolutePath().normalize(), cacheSize, checkIntervalMs);
    synchronized (OPEN) {
      SharedDatabase database = OPEN.get(key);
      if (database == null) {
        try {
          database = new SharedDatabase(key, nanoClock);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot open the MaxMind database " + path + ": " + e.getMessage(), e);
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
    if (checkIntervalNanos > 0 && nanoClock.getAsLong() - nextCheckNanos >= 0 && checking.compareAndSet(false, true)) {
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

  private void reloadIfChanged() {
    try {
      FileVersion current = version(key.path());
      if (current.equals(version)) {
        return;
      }
      DatabaseReader fresh = open(key.path(), key.cacheSize());
      reader = fresh;
      version = current;
      LOG.info("Reloaded the MaxMind database {} ({}, built {})", key.path(), fresh.getMetadata().databaseType(),
          fresh.getMetadata().buildTime());
    } catch (IOException | RuntimeException e) {
      LOG.warn("The MaxMind database {} changed but cannot be opened; keeping the previous one until the next "
          + "check: {}", key.path(), e.toString());
    }
  }

  private static DatabaseReader open(Path path, int cacheSize) throws IOException {
    NodeCache cache = cacheSize > 0 ? new CHMCache(cacheSize) : NoCache.getInstance();
    return new DatabaseReader.Builder(path.toFile()).fileMode(FileMode.MEMORY_MAPPED).withCache(cache).build();
  }

  private static FileVersion version(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    return new FileVersion(Objects.requireNonNullElse(attributes.fileKey(), ""),
        attributes.lastModifiedTime().toMillis(), attributes.size());
  }
}
