package io.clickstream.local.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickstream.gold.GoldJobCommand;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.process.ChildClasspath;
import io.clickstream.local.process.ManagedProcess;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A life cycle job (replay, forget) as a process of the local stack: {@link LifecycleJobMain} in Spark's
 * {@code local[2]} on lake-lifecycle's classes and {@code target/classpath.txt}, log {@code <logDir>/<name>.log}.
 */
public final class LifecycleJobProcess {

    /** The system property naming the built lake-lifecycle module directory (the build passes it to tests). */
    public static final String MODULE_PROPERTY = "clickstream.lifecycle.module";

    private LifecycleJobProcess() {}

    /** The built lake-lifecycle module: the property, else beside the working directory's modules. */
    public static Path module() {
        String property = System.getProperty(MODULE_PROPERTY);
        if (property != null) {
            return Path.of(property);
        }
        Path fromRoot = Path.of("lake-lifecycle");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("..", "lake-lifecycle");
    }

    /** The replay's process (not started), log {@code replay.log}. */
    public static ManagedProcess replay(Path module, Path logDir, List<String> jobArgs) {
        return create(module, logDir, "replay", LifecycleJobMain.REPLAY, jobArgs);
    }

    /** The forget job's process (not started), log {@code forget.log}. */
    public static ManagedProcess forget(Path module, Path logDir, List<String> jobArgs) {
        return create(module, logDir, "forget", LifecycleJobMain.FORGET, jobArgs);
    }

    private static ManagedProcess create(Path module, Path logDir, String name, String jobClass, List<String> jobArgs) {
        Path classpathFile = module.resolve("target/classpath.txt");
        Path classes = module.resolve("target/classes");
        if (!Files.exists(classpathFile) || !Files.isDirectory(classes)) {
            throw new IllegalStateException("The life cycle jobs are not built under " + module
                    + ": run ./run.sh --rebuild (mvn -DskipTests -pl local-stack -am install)");
        }
        String classpath;
        try {
            classpath = classes.toAbsolutePath()
                    + File.pathSeparator
                    + Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the life cycle jobs' classpath " + classpathFile, e);
        }
        ManagedProcess.Builder builder = ManagedProcess.builder(name, LifecycleJobMain.class.getName())
                .classpath(ChildClasspath.launcherClassesAnd(classpath))
                .logDir(logDir)
                .stopTimeout(Duration.ofSeconds(30))
                .systemProperty("spark.master", GoldJobCommand.DEFAULT_MASTER)
                .systemProperty("spark.ui.enabled", "false")
                .systemProperty("spark.sql.shuffle.partitions", "4")
                .systemProperty("spark.sql.session.timeZone", "UTC")
                .systemProperty(
                        "spark.sql.warehouse.dir",
                        logDir.resolve("replay-spark-warehouse").toString());
        GoldJobCommand.jvmOptions(GoldJobCommand.DEFAULT_HEAP).forEach(builder::jvmOption);
        builder.arg(jobClass);
        jobArgs.forEach(builder::arg);
        return builder.build();
    }

    /**
     * Starts the job, waits for its end and prints the summary line it wrote (the log is appended to by every run: the
     * last such line); returns its exit code (2: a setting, 1: a failure).
     */
    public static int runToEnd(ManagedProcess job, String summaryPrefix, Duration timeout, PrintStream out)
            throws IOException, InterruptedException {
        job.start();
        if (!job.awaitExit(timeout)) {
            job.stop();
            out.println("The " + job.name() + " job did not end within " + timeout + "; stopped. See " + job.logFile());
            return 1;
        }
        int exit = job.exitCode().orElse(1);
        Files.readAllLines(job.logFile()).stream()
                .filter(line -> line.startsWith(summaryPrefix))
                .reduce((first, second) -> second)
                .ifPresent(out::println);
        if (exit != 0) {
            out.println("The " + job.name() + " job failed (exit " + exit + "); see " + job.logFile());
        }
        return exit;
    }

    /** Writes a connector as its JSON file ({@code {"name", "config"}}) for a job's argument; returns the file. */
    public static Path write(Path dir, String prefix, ConnectorDefinition definition) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("name", definition.name());
        root.set("config", json.valueToTree(definition.config()));
        Files.createDirectories(dir);
        Path file = dir.resolve(prefix + definition.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return file;
    }
}
