package io.clickstream.connect.hudi.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.URI;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file systems of one owner (a sink's table writer): built from the owner's own settings and closed with it.
 *
 * <p>Hadoop's {@code FileSystem.get} caches one instance per scheme, bucket and user for the whole JVM, so in a
 * Connect worker the first task's S3A endpoint and credentials would serve every later task and connector on that
 * bucket, and a restarted task would keep the endpoint its predecessor saw. A scope routes the table's scheme through
 * {@link ScopedFileSystem}: every {@code FileSystem.get} with the scope's {@link #configure configuration} (Hudi's
 * included) gets a light view of one file system per scheme and bucket that this scope opened from its settings, and
 * {@link #close} closes those, with their connection pools and threads. The scope also counts the streams opened
 * through it and not yet closed: a stream left open on S3A holds one of its pool's connections until it is closed.
 * Hudi's storage layer is {@link InlineClosingStorage} in a scope's configuration, which closes what Hudi 1.2.0's
 * inline reads leave open.
 */
public final class FileSystemScope implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemScope.class);

    /** The scope a configuration belongs to. */
    static final String SCOPE_KEY = "clickstream.fs.scope";
    /** The file system class a scheme's view delegates to (the class {@code fs.<scheme>.impl} named before). */
    static final String DELEGATE_IMPL = "clickstream.fs.%s.delegate.impl";
    /**
     * Hudi's inline file system reads ranges of an outer file through the outer file system of the configuration it was
     * created with; cached, it would keep the first owner's configuration, so each caller gets its own (it holds no
     * resources).
     */
    private static final List<String> UNCACHED_SCHEMES = List.of("inlinefs");

    private static final Map<String, FileSystemScope> OPEN = new ConcurrentHashMap<>();
    private static volatile boolean recordSites;

    private final String id;
    private final String description;
    private final Map<String, FileSystem> delegates = new ConcurrentHashMap<>();
    private final AtomicLong openInputStreams = new AtomicLong();
    private final AtomicLong inputStreamsOpened = new AtomicLong();
    private final StreamSites sites;
    private final UserGroupInformation user;
    private volatile boolean closed;

    private FileSystemScope(String description, boolean recordSites) {
        this.id = UUID.randomUUID().toString();
        this.description = description;
        this.sites = recordSites ? new StreamSites() : null;
        this.user = UserGroupInformation.createRemoteUser(processUser());
    }

    private static String processUser() {
        try {
            return UserGroupInformation.getCurrentUser().getShortUserName();
        } catch (IOException e) {
            return System.getProperty("user.name", "connect");
        }
    }

    /**
     * Runs {@code work} as this scope's own user. Hudi writes every base file (Parquet, the metadata table's HFiles)
     * through its {@code HoodieWrapperFileSystem}, which it takes from Hadoop's cache, keyed by scheme, bucket and user,
     * and which must be the same instance for a file's whole write: as the scope's user it is this scope's instance,
     * over this scope's file system, not the one the first writer in the JVM (another connector, or a task that has
     * stopped) left there. The sink runs each commit so.
     */
    public <T> T call(Callable<T> work) {
        try {
            return user.doAs((PrivilegedExceptionAction<T>) work::call);
        } catch (IOException e) {
            throw new UncheckedIOException("I/O failure in the file system scope of " + description, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the file system scope of " + description, e);
        } catch (UndeclaredThrowableException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** A new scope; {@code description} names its owner in logs and errors (e.g. the connector and table). */
    public static FileSystemScope open(String description) {
        FileSystemScope scope = new FileSystemScope(description, recordSites);
        OPEN.put(scope.id, scope);
        return scope;
    }

    /**
     * Makes {@code conf} a configuration of this scope for the schemes given (the table path's): their file systems
     * are opened by this scope from {@code conf}'s settings and closed with it.
     */
    public Configuration configure(Configuration conf, String... schemes) {
        conf.set(SCOPE_KEY, id);
        for (String raw : schemes) {
            String scheme = raw.toLowerCase(Locale.ROOT);
            String implKey = "fs." + scheme + ".impl";
            if (ScopedFileSystem.class.getName().equals(conf.get(implKey))) {
                continue;
            }
            try {
                conf.set(
                        String.format(DELEGATE_IMPL, scheme),
                        FileSystem.getFileSystemClass(scheme, conf).getName());
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "no Hadoop file system for scheme " + scheme + ": " + e.getMessage(), e);
            }
            conf.set(implKey, ScopedFileSystem.class.getName());
            conf.setBoolean(implKey + ".disable.cache", true);
        }
        for (String scheme : UNCACHED_SCHEMES) {
            conf.setBoolean("fs." + scheme + ".impl.disable.cache", true);
        }
        return InlineClosingStorage.install(conf);
    }

    /** The scope a configuration names; fails for a closed or unknown scope rather than open an orphan. */
    static FileSystemScope of(Configuration conf) throws IOException {
        String scopeId = conf.get(SCOPE_KEY);
        FileSystemScope scope = scopeId == null ? null : OPEN.get(scopeId);
        if (scope == null) {
            throw new IOException("the file system scope " + scopeId + " is closed: its owner (a sink task's table "
                    + "writer) has stopped");
        }
        return scope;
    }

    /** The scope's file system for the URI's scheme and authority, opened from {@code conf} on first use. */
    FileSystem delegate(URI uri, Configuration conf) throws IOException {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = Objects.toString(uri.getAuthority(), "");
        String key = scheme + "://" + authority;
        FileSystem fs = delegates.get(key);
        if (fs != null) {
            return fs;
        }
        synchronized (this) {
            fs = delegates.get(key);
            if (fs != null) {
                return fs;
            }
            if (closed) {
                throw new IOException("the file system scope of " + description + " is closed");
            }
            String impl = conf.get(String.format(DELEGATE_IMPL, scheme));
            if (impl == null) {
                throw new IOException(
                        "no file system class recorded for scheme " + scheme + " in the scope of " + description);
            }
            Configuration own = new Configuration(conf);
            own.set("fs." + scheme + ".impl", impl);
            own.unset(SCOPE_KEY);
            fs = FileSystem.newInstance(URI.create(authority.isEmpty() ? scheme + ":///" : key), own);
            delegates.put(key, fs);
            LOG.debug("Opened {} for {} ({})", key, description, impl);
            return fs;
        }
    }

    void inputOpened(Object stream) {
        openInputStreams.incrementAndGet();
        inputStreamsOpened.incrementAndGet();
        if (sites != null) {
            sites.opened(stream);
        }
    }

    void inputClosed(Object stream) {
        openInputStreams.decrementAndGet();
        if (sites != null) {
            sites.closed(stream);
        }
    }

    /** Input streams opened through this scope and not yet closed. */
    public long openInputStreams() {
        return openInputStreams.get();
    }

    /** Input streams opened through this scope since it was opened. */
    public long inputStreamsOpened() {
        return inputStreamsOpened.get();
    }

    /** Where the streams still open were opened, most frequent first (only for a scope that records sites). */
    public List<String> openStreamSites() {
        return sites == null ? List.of() : sites.openSites();
    }

    /** Closes the scope's file systems (their connection pools and threads); later use through it fails. */
    @Override
    public void close() {
        List<FileSystem> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            OPEN.remove(id);
            toClose = new ArrayList<>(delegates.values());
            delegates.clear();
        }
        try {
            FileSystem.closeAllForUGI(user); // the Hudi wrappers cached for this scope's user
        } catch (IOException | RuntimeException e) {
            LOG.warn("Closing the cached file systems of {} failed: {}", description, e.toString());
        }
        if (openInputStreams.get() > 0) {
            LOG.info(
                    "Closing the file systems of {} with {} input streams still open",
                    description,
                    openInputStreams.get());
        }
        for (FileSystem fs : toClose) {
            try {
                fs.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Closing {} of {} failed: {}", fs.getUri(), description, e.toString());
            }
        }
    }

    /** Diagnostics: scopes opened from now on remember where each stream still open was opened (costs a stack trace). */
    public static void recordOpenSites(boolean record) {
        recordSites = record;
    }

    /** Scopes not yet closed in this JVM (tests check that owners close theirs). */
    static int openScopes() {
        return OPEN.size();
    }
}
