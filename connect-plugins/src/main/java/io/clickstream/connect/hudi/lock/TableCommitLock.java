package io.clickstream.connect.hudi.lock;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hudi.common.config.LockConfiguration;
import org.apache.hudi.common.config.TypedProperties;
import org.apache.hudi.common.lock.LockProvider;
import org.apache.hudi.storage.StorageConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table's commit lock, taken by a coordinator from reading the committed offsets until its commit is complete.
 * Two coordinators (a zombie and its successor) therefore never plan against the same committed state. Built with
 * Hudi's lock provider API: {@code hoodie.write.lock.provider} (default: {@link HeartbeatFileLockProvider}, a lock
 * directory next to the timeline) and the other {@code hoodie.write.lock.*} keys. The write client takes a second lock of
 * the same provider around each commit point (see {@code TableServiceDefaults}); this one only keeps coordinators
 * from planning at the same time, the commit point's fence keeps their commits apart.
 */
public final class TableCommitLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TableCommitLock.class);

    public static final String PROVIDER = "hoodie.write.lock.provider";
    public static final String FS_LOCK_PATH = "hoodie.write.lock.filesystem.path";
    /** Minutes after which a lock file left by a dead coordinator is broken; must exceed the longest commit. */
    public static final String FS_LOCK_EXPIRE = "hoodie.write.lock.filesystem.expire";

    static final String DEFAULT_EXPIRE_MINUTES = "2";

    private final LockProvider<?> provider;
    private final String table;

    public TableCommitLock(HudiSinkConfig config, StorageConfiguration<?> storageConf) {
        this.table = config.tablePath();
        TypedProperties props = new TypedProperties();
        props.put("hoodie.base.path", config.tablePath());
        props.put(FS_LOCK_PATH, defaultLockPath(config));
        props.put(FS_LOCK_EXPIRE, DEFAULT_EXPIRE_MINUTES);
        props.put(LockConfiguration.LOCK_ACQUIRE_WAIT_TIMEOUT_MS_PROP_KEY, "60000");
        for (Map.Entry<String, String> e : config.hoodieProperties().entrySet()) {
            if (e.getKey().startsWith(LockConfiguration.LOCK_PREFIX)) {
                props.put(e.getKey(), e.getValue());
            }
        }
        String providerClass = props.getString(PROVIDER, HeartbeatFileLockProvider.class.getName());
        LockConfiguration lockConfig = new LockConfiguration(props);
        try {
            this.provider = (LockProvider<?>) Class.forName(providerClass, true, TableCommitLock.class.getClassLoader())
                    .getConstructor(LockConfiguration.class, StorageConfiguration.class)
                    .newInstance(lockConfig, storageConf);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create lock provider " + providerClass + " for " + table, e);
        }
    }

    /** The default lock's directory; the write client's transaction lock lives in its {@code txn} subdirectory. */
    public static String defaultLockPath(HudiSinkConfig config) {
        return config.tablePath() + "/.hoodie/.connect-lock";
    }

    /** @return true when this coordinator now holds the lock */
    public boolean tryLock(long timeoutMs) throws InterruptedException {
        boolean locked = provider.tryLock(timeoutMs, TimeUnit.MILLISECONDS);
        if (!locked) {
            LOG.warn(
                    "Commit lock of {} is held elsewhere ({}); trying again next interval",
                    table,
                    provider.getCurrentOwnerLockInfo());
        }
        return locked;
    }

    public void unlock() {
        provider.unlock();
    }

    /** False when the lock was broken since it was taken (this coordinator stalled): do not commit then. */
    public boolean stillHeld() {
        return !(provider instanceof HeartbeatFileLockProvider heartbeat) || heartbeat.isHeld();
    }

    @Override
    public void close() {
        provider.close();
    }
}
