package io.clickstream.local.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One part of the local stack (broker, Connect worker, ...) running as its own JVM, as in a user's deployment, so that
 * a test can SIGKILL it and a restart really starts from what is on disk.
 *
 * <p>The child runs with the classpath of the current JVM, writes stdout and stderr to {@code <logDir>/<name>.log}
 * (appended, so a restart keeps the history), is started in its own session so that a Ctrl-C on the terminal reaches
 * only the launcher (which then stops the children in order), and exits by itself when the launcher's JVM dies (see
 * {@link ParentWatchdog}). Every started process is registered with {@link ProcessReaper}, so none outlives the JVM
 * that started it.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** The log4j2 configuration (a classpath resource of this module) every child uses: INFO to stdout. */
    static final String CHILD_LOG_CONFIG = "log4j2.properties";

    private final String name;
    private final String mainClass;
    private final List<String> jvmOptions;
    private final List<String> args;
    private final Path logFile;
    private final Duration stopTimeout;
    private final String classpath;
    private final Map<String, String> environment;
    private Process process;
    /** Set by {@link #stop()} until the next start: the exit that follows was asked for, it is no crash. */
    private boolean stopRequested;

    private ManagedProcess(Builder builder) {
        this.name = builder.name;
        this.mainClass = builder.mainClass;
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.args = List.copyOf(builder.args);
        this.logFile = builder.logDir.resolve(builder.name + ".log");
        this.stopTimeout = builder.stopTimeout;
        this.classpath = builder.classpath;
        this.environment = Map.copyOf(builder.environment);
    }

    public static Builder builder(String name, String mainClass) {
        return new Builder(name, mainClass);
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** Starts the child JVM; a no-op when it is already running. */
    public synchronized ManagedProcess start() {
        if (isAlive()) {
            return this;
        }
        List<String> command = new ArrayList<>();
        // A new session keeps the terminal's SIGINT away from the child: the launcher stops children in order.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(javaExecutable());
        command.add("-cp");
        command.add(classpath != null ? classpath : ChildClasspath.current());
        // Explicit, so that a log4j2-test.properties on a test classpath does not silence the child's log file.
        command.add("-Dlog4j2.configurationFile=" + CHILD_LOG_CONFIG);
        command.addAll(jvmOptions);
        command.add("-D" + ParentWatchdog.PARENT_PID_PROPERTY + "="
                + ProcessHandle.current().pid());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            stopRequested = false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " (" + mainClass + ")", e);
        }
        ProcessReaper.register(this);
        LOG.info("Started {} (pid {}), log: {}", name, process.pid(), logFile);
        return this;
    }

    /** Graceful stop: SIGTERM, wait for the stop timeout, then SIGKILL. */
    public synchronized void stop() {
        if (!isAlive()) {
            return;
        }
        LOG.info("Stopping {} (pid {})", name, process.pid());
        stopRequested = true;
        process.destroy();
        if (!waitForExit(stopTimeout)) {
            LOG.warn("{} did not stop within {} s; killing it (see {})", name, stopTimeout.toSeconds(), logFile);
            kill();
        }
    }

    /** SIGKILL: the process gets no chance to clean up, as in a crash. */
    public synchronized void kill() {
        if (!isAlive()) {
            return;
        }
        LOG.info("Killing {} (pid {})", name, process.pid());
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** The exit code, or empty while the process runs or was never started. */
    public synchronized java.util.OptionalInt exitCode() {
        if (process == null || process.isAlive()) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(process.exitValue());
    }

    /** Whether the last exit, or the one under way, was asked for through {@link #stop()} (not {@link #kill()}). */
    public synchronized boolean stopRequested() {
        return stopRequested;
    }

    /** Waits until the process has exited (true) or the timeout passed (false); true if it was never started. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
        }
        return current == null || current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stop();
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public String toString() {
        return name + (isAlive() ? " (pid " + process.pid() + ")" : " (stopped)");
    }

    public static final class Builder {
        private final String name;
        private final String mainClass;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Path logDir = Path.of(".");
        private Duration stopTimeout = Duration.ofSeconds(30);
        private String classpath;
        private final Map<String, String> environment = new HashMap<>();

        private Builder(String name, String mainClass) {
            this.name = Objects.requireNonNull(name, "name");
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder systemProperty(String key, Object value) {
            return jvmOption("-D" + key + "=" + value);
        }

        public Builder arg(Object arg) {
            args.add(arg instanceof File || arg instanceof Path ? arg.toString() : String.valueOf(arg));
            return this;
        }

        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /** A classpath of its own instead of the launcher's, for a child whose libraries clash with the stack's. */
        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /**
         * A variable added to the child's environment (it inherits the launcher's): how a secret such as a
         * credential reaches it, since the command line is visible to every user of the machine.
         */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public ManagedProcess build() {
            return new ManagedProcess(this);
        }
    }
}
