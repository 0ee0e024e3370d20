package io.clickstream.connect.hudi.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The sink's keys and rules for tables on object storage ({@code s3a://}, {@code gs://}). The S3A credential keys are
 * defined as {@link Type#PASSWORD} so that Connect shows them masked (REST validation, worker logs) although they reach
 * Hadoop through the {@code fs.*} pass-through like any other S3A key. The lock rule refuses the one setting that
 * cannot be safe there: a lock built on "create the file if absent", which S3A implements as check-then-put.
 */
public final class ObjectStoreSettings {

    /** Opt-in: exactly one worker process writes the table, so a non-atomic file lock never races another process. */
    public static final String SINGLE_WRITER = "object.store.single.writer";

    public static final boolean DEFAULT_SINGLE_WRITER = false;

    public static final String S3A_ACCESS_KEY = "fs.s3a.access.key";
    public static final String S3A_SECRET_KEY = "fs.s3a.secret.key";
    public static final String S3A_SESSION_TOKEN = "fs.s3a.session.token";
    public static final String S3A_ENCRYPTION_KEY = "fs.s3a.encryption.key";
    public static final String S3A_ENDPOINT = "fs.s3a.endpoint";
    public static final List<String> SECRET_KEYS =
            List.of(S3A_ACCESS_KEY, S3A_SECRET_KEY, S3A_SESSION_TOKEN, S3A_ENCRYPTION_KEY);

    public static final String LOCK_PROVIDER = "hoodie.write.lock.provider";

    /** Stores without an atomic create-if-absent through their Hadoop file system. */
    static final Set<String> OBJECT_STORE_SCHEMES = Set.of("s3a", "s3", "s3n", "gs");

    /** Lock providers whose mutual exclusion rests on the file system's create-if-absent (or on one JVM). */
    static final Set<String> NON_ATOMIC_ON_OBJECT_STORES = Set.of(
            "io.clickstream.connect.hudi.lock.HeartbeatFileLockProvider",
            "org.apache.hudi.client.transaction.lock.FileSystemBasedLockProvider",
            "org.apache.hudi.client.transaction.lock.InProcessLockProvider",
            "org.apache.hudi.client.transaction.lock.NoopLockProvider");

    private static final String GROUP = "Object storage";

    private ObjectStoreSettings() {}

    static void define(ConfigDef def) {
        int order = 0;
        def.define(
                SINGLE_WRITER,
                Type.BOOLEAN,
                DEFAULT_SINGLE_WRITER,
                Importance.MEDIUM,
                "Only for a table on object storage (s3a://, gs://) with a file-based commit lock: true declares that a single "
                        + "Connect worker process runs this connector, so no second process can race the lock's check-then-create. "
                        + "Several workers need a lock with an atomic primitive (hoodie.write.lock.provider, e.g. "
                        + "ZookeeperBasedLockProvider).",
                GROUP,
                ++order,
                Width.SHORT,
                "Single writer process");
        for (String key : SECRET_KEYS) {
            def.define(
                    key,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "S3A credential passed to Hadoop as it is, shown masked. Prefer the environment (AWS_ACCESS_KEY_ID, "
                            + "AWS_SECRET_ACCESS_KEY) or an instance profile, which keep it out of the connector config.",
                    GROUP,
                    ++order,
                    Width.MEDIUM,
                    key);
        }
    }

    /** True when the table path names an object store (see {@link #OBJECT_STORE_SCHEMES}). */
    public static boolean onObjectStore(String tablePath) {
        String scheme = URI.create(tablePath.trim()).getScheme();
        return scheme != null && OBJECT_STORE_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
    }

    /** The lock problem of a table on object storage, if any, as the reason to report on {@link #LOCK_PROVIDER}. */
    static Optional<String> lockProblem(String tablePath, Map<String, ?> originals, boolean singleWriter) {
        if (!onObjectStore(tablePath) || singleWriter) {
            return Optional.empty();
        }
        Object configured = originals.get(LOCK_PROVIDER);
        String provider = configured == null || configured.toString().isBlank()
                ? "the default HeartbeatFileLockProvider"
                : configured.toString().trim();
        if (configured != null && !configured.toString().isBlank() && !NON_ATOMIC_ON_OBJECT_STORES.contains(provider)) {
            return Optional.empty();
        }
        return Optional.of(provider + " takes the lock by creating a file if absent, which "
                + tablePath.split(":")[0]
                + ":// does as check-then-put, not atomically: two workers could both hold it. Set a lock with an atomic "
                + "primitive (org.apache.hudi.client.transaction.lock.ZookeeperBasedLockProvider and its "
                + "hoodie.write.lock.zookeeper.* keys), or " + SINGLE_WRITER + "=true if one worker process runs the "
                + "connector");
    }
}
