package io.clickstream.local.objectstore;

import io.clickstream.contract.LakeTable;
import io.clickstream.local.FreePorts;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.gold.SilverSource;
import io.clickstream.local.process.ChildClasspath;
import io.clickstream.local.process.ManagedProcess;
import io.clickstream.local.process.ProcessLogs;
import io.clickstream.local.process.ProcessReaper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 API server for the local stack: S3Proxy over {@code <data>/s3} (one directory per bucket, one file per
 * object), run as its own process on its own classpath ({@code s3proxy-server/target/classpath.txt}), because its Jetty
 * and Jackson differ from the broker's and worker's. {@link #start} writes {@code <data>/s3/s3proxy.properties}, creates
 * the bucket (with the filesystem provider a bucket is a directory), starts the process and waits until it answers
 * HTTP; a process that exits or stays silent fails the start with the last lines of its log.
 *
 * <p>{@link #onDataDir} keeps the port in {@code <data>/s3/port}, the way the broker keeps its cluster id: a run over
 * the same data directory gets the same endpoint, so the connectors' {@code fs.s3a.endpoint} stays as it was.
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyServer.class);

    public static final String DEFAULT_BUCKET = "lake";
    /** Local, throw-away credentials; S3Proxy checks every request's AWS v2/v4 signature against them. */
    public static final String ACCESS_KEY = "local-access-key";

    public static final String SECRET_KEY = "local-secret-key";
    private static final String ACCESS_KEY_SETTING = "fs.s3a.access.key";
    private static final String SECRET_KEY_SETTING = "fs.s3a.secret.key";
    /** System property naming S3Proxy's classpath file (set by the build for the tests). */
    public static final String CLASSPATH_FILE_PROPERTY = "clickstream.s3proxy.classpath";

    private final Path dir;
    private final int port;
    private final String bucket;
    private final ManagedProcess process;

    /** The file under {@code <data>/s3} that holds the port of the data directory's server. */
    public static final String PORT_FILE = "port";

    /**
     * The server over {@code <data>/s3} on the port remembered in {@code <data>/s3/port}: the first run picks a free
     * port and writes it there, later runs reuse it. A remembered port that another process holds is said (one
     * warning naming the port and the file) and replaced by a free one, which is remembered from then on.
     */
    public static S3ProxyServer onDataDir(Path dataDir, Path logDir, String bucket) {
        int port = rememberedPort(dataDir.resolve("s3").resolve(PORT_FILE), FreePorts::isFree, FreePorts::any);
        return new S3ProxyServer(dataDir, logDir, port, bucket);
    }

    /**
     * The port in {@code file} if it is free, else (no file, an unreadable one, or the port taken) a new one from
     * {@code anyFree}, written to the file.
     */
    static int rememberedPort(Path file, IntPredicate isFree, IntSupplier anyFree) {
        if (Files.isRegularFile(file)) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read S3Proxy's port from " + file, e);
            }
            int remembered = parsePort(text);
            if (remembered > 0 && isFree.test(remembered)) {
                return remembered;
            }
            int other = anyFree.getAsInt();
            if (remembered > 0) {
                LOG.warn(
                        "S3Proxy's port {} (remembered in {}) is in use by another process; using {} instead and"
                                + " remembering it: the connectors get the new fs.s3a.endpoint",
                        remembered,
                        file,
                        other);
            } else {
                LOG.warn("{} holds no port; using {} for S3Proxy and remembering it", file, other);
            }
            return remember(file, other);
        }
        return remember(file, anyFree.getAsInt());
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port > 0 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int remember(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, port + System.lineSeparator(), StandardCharsets.UTF_8);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write S3Proxy's port to " + file, e);
        }
    }

    /** The server on the given port (not remembered: see {@link #onDataDir}). */
    public S3ProxyServer(Path dataDir, Path logDir, int port, String bucket) {
        this(dataDir, logDir, port, bucket, classpath());
    }

    S3ProxyServer(Path dataDir, Path logDir, int port, String bucket, String classpath) {
        this.dir = dataDir.resolve("s3");
        this.port = port;
        this.bucket = bucket;
        this.process = ManagedProcess.builder("s3proxy", S3ProxyMain.class.getName())
                .classpath(classpath)
                .jvmOption("-Xmx256m")
                .jvmOption("-XX:+UseSerialGC")
                .logDir(logDir)
                .arg("--properties")
                .arg(dir.resolve("s3proxy.properties"))
                .build();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String bucket() {
        return bucket;
    }

    public ManagedProcess process() {
        return process;
    }

    /** The blob directory of the bucket: where the objects of {@code s3a://<bucket>/} lie on disk. */
    public Path bucketDir() {
        return dir.resolve("blobs").resolve(bucket);
    }

    Map<String, String> properties() {
        Map<String, String> p = new TreeMap<>();
        p.put("jclouds.provider", "filesystem");
        p.put(
                "jclouds.filesystem.basedir",
                dir.resolve("blobs").toAbsolutePath().toString());
        p.put("s3proxy.endpoint", endpoint());
        p.put("s3proxy.authorization", "aws-v2-or-v4");
        p.put("s3proxy.identity", ACCESS_KEY);
        p.put("s3proxy.credential", SECRET_KEY);
        return p;
    }

    /** The S3A keys that point a Hadoop client (a connector, Spark) at this server. */
    public Map<String, String> s3aProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fs.s3a.endpoint", endpoint());
        p.put("fs.s3a.path.style.access", "true");
        p.put("fs.s3a.connection.ssl.enabled", "false");
        // Deleting parent directory markers after each write costs S3Proxy ~10 s a PUT here; marker-aware readers
        // (Hadoop 3.3.1+, so Spark 3.5 too) need no markers deleted.
        p.put("fs.s3a.directory.marker.retention", "keep");
        p.put(ACCESS_KEY_SETTING, ACCESS_KEY);
        p.put(SECRET_KEY_SETTING, SECRET_KEY);
        return p;
    }

    /** The {@code s3a://} URI of {@code path} in the bucket. */
    public String uri(String path) {
        return "s3a://" + bucket + "/" + path;
    }

    /**
     * Silver on this server's bucket, for the Gold job: the S3A settings without the keys, which reach the job
     * through its environment instead of its command line.
     */
    public SilverSource silverSource() {
        Map<String, String> settings = new LinkedHashMap<>(s3aProperties());
        settings.remove(ACCESS_KEY_SETTING);
        settings.remove(SECRET_KEY_SETTING);
        return new SilverSource(
                uri(LakeTable.SILVER_EVENTS.path()),
                settings,
                Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY));
    }

    /**
     * The connector with its {@code file:///data/...} table path moved to {@code s3a://<bucket>/...} and the S3A keys
     * added; other connectors are returned as they are. {@code object.store.single.writer} is set only for one worker:
     * with more, the sink's validation asks for an atomic lock (see docs/hudi-sink.md).
     */
    public ConnectorDefinition onLake(ConnectorDefinition connector, int workers) {
        String path = connector.config().get("table.path");
        String prefix = "file://" + ConnectorDefinition.COMPOSE_DATA_DIR + "/";
        if (path == null || !path.startsWith(prefix)) {
            return connector;
        }
        Map<String, String> overrides = new LinkedHashMap<>(s3aProperties());
        overrides.put("table.path", uri(path.substring(prefix.length())));
        if (workers == 1) {
            overrides.put("object.store.single.writer", "true");
        }
        return connector.with(overrides);
    }

    /** Where the objects under an {@code s3a://<bucket>/...} path of this server lie on disk; empty for others. */
    public Optional<Path> localPath(String s3aPath) {
        String prefix = "s3a://" + bucket + "/";
        if (!s3aPath.startsWith(prefix)) {
            return Optional.empty();
        }
        String key = s3aPath.substring(prefix.length());
        Path local = bucketDir().resolve(key).normalize();
        return local.startsWith(bucketDir().normalize()) ? Optional.of(local) : Optional.empty();
    }

    public S3ProxyServer start(Duration timeout) {
        writeProperties();
        process.start();
        awaitReady(timeout);
        return this;
    }

    private void writeProperties() {
        Properties props = new Properties();
        props.putAll(properties());
        try {
            Files.createDirectories(bucketDir());
            try (Writer out = Files.newBufferedWriter(dir.resolve("s3proxy.properties"), StandardCharsets.UTF_8)) {
                props.store(out, "Generated by the clickstream local stack; rewritten on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the S3Proxy configuration under " + dir, e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited during start-up (exit " + process.exitCode()
                        + "). Last lines of " + process.logFile() + ":\n" + ProcessLogs.tail(process.logFile(), 40));
            }
            try {
                // Any HTTP answer (an anonymous request gets 403) means the S3 API is serving.
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                LOG.info("S3Proxy is up at {} (bucket {}, objects under {})", endpoint(), bucket, bucketDir());
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("S3Proxy did not answer on " + endpoint() + " within "
                            + timeout.toSeconds() + " s. Last lines of " + process.logFile() + ":\n"
                            + ProcessLogs.tail(process.logFile(), 40));
                }
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for S3Proxy", e);
            }
        }
    }

    /**
     * S3Proxy's libraries (from {@code s3proxy-server/target/classpath.txt}) plus this module's classes for
     * {@link S3ProxyMain}.
     */
    static String classpath() {
        Path file = classpathFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("S3Proxy's classpath " + file.toAbsolutePath() + " is missing: build it"
                    + " (mvn -B -DskipTests install, or ./run.sh --rebuild)");
        }
        try {
            return ChildClasspath.launcherClassesAnd(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static Path classpathFile() {
        String configured = System.getProperty(CLASSPATH_FILE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path fromRoot = Path.of("s3proxy-server", "target", "classpath.txt");
        return Files.isRegularFile(fromRoot) ? fromRoot : Path.of("..", "s3proxy-server", "target", "classpath.txt");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for S3Proxy", e);
        }
    }

    @Override
    public void close() {
        process.stop();
        ProcessReaper.unregister(process);
    }
}
