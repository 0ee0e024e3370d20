package io.clickstream.local;

import io.clickstream.gold.GoldJobCommand;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Hudi table with Spark and the Hudi Spark bundle — an independent reader, not the sink's own code — by
 * running {@code io.clickstream.tables.HudiTableStats} (or {@code HudiTableRows}) in its own JVM on the
 * hudi-table-tools module's classes and classpath ({@code target/classpath.txt}; Spark needs Scala 2.12, the broker on
 * this classpath 2.13).
 */
public final class SparkTableReader {

    /** The system property naming the built hudi-table-tools module directory. */
    public static final String MODULE_PROPERTY = "clickstream.tables.module";

    private static final Pattern STAT = Pattern.compile("\"(\\w+)\":(\\d+)");

    /** HudiTableStats's option for per-column non-null counts. */
    private static final String NON_NULL = "--non-null";

    private SparkTableReader() {}

    /**
     * The built hudi-table-tools module: {@value #MODULE_PROPERTY} (the build passes it), else {@code hudi-table-tools}
     * under the working directory (the repository root) or beside it (a module directory).
     */
    public static Path module() {
        String property = System.getProperty(MODULE_PROPERTY);
        if (property != null) {
            return Path.of(property);
        }
        Path fromRoot = Path.of("hudi-table-tools");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("..", "hudi-table-tools");
    }

    /**
     * {@code rows}, {@code distinct} (over {@code keyColumns}) and {@code commits} of the table, read with the
     * tools of {@link #module()}; fails when Spark printed none.
     */
    static Map<String, Long> stats(Path table, Path logFile, String... keyColumns) throws Exception {
        Map<String, Long> stats = read(module(), table, logFile, Duration.ofSeconds(180), keyColumns);
        if (stats.isEmpty()) {
            throw new AssertionError("Spark reader printed no statistics; see " + logFile);
        }
        return stats;
    }

    /**
     * {@link #stats} plus {@code nonnull_<column>} for every data column of the table: the columns Spark reads and how
     * many rows fill each.
     */
    static Map<String, Long> statsWithColumns(Path table, Path logFile, String... keyColumns) throws Exception {
        String[] args = new String[keyColumns.length + 1];
        args[0] = NON_NULL;
        System.arraycopy(keyColumns, 0, args, 1, keyColumns.length);
        return stats(table, logFile, args);
    }

    /**
     * The statistics Spark printed for the table (empty if it printed none); throws if the reader fails or does not
     * finish within {@code timeout}. Its standard error goes to {@code logFile}.
     */
    public static Map<String, Long> read(
            Path toolsModule, Path table, Path logFile, Duration timeout, String... keyColumns) throws Exception {
        return read(toolsModule, table.toUri().toString(), Map.of(), logFile, timeout, keyColumns);
    }

    /**
     * As {@link #read(Path, Path, Path, Duration, String...)} for a table URI (e.g. {@code s3a://...}), with Hadoop
     * settings such as {@code fs.s3a.endpoint} handed to Spark as {@code spark.hadoop.*} system properties.
     */
    public static Map<String, Long> read(
            Path toolsModule,
            String table,
            Map<String, String> hadoopConf,
            Path logFile,
            Duration timeout,
            String... keyColumns)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(table));
        args.addAll(List.of(keyColumns));
        String output = run(toolsModule, "io.clickstream.tables.HudiTableStats", args, hadoopConf, logFile, timeout);
        Map<String, Long> stats = new LinkedHashMap<>();
        Matcher m = STAT.matcher(output.lines()
                .filter(l -> l.startsWith("{"))
                .reduce((a, b) -> b)
                .orElse(""));
        while (m.find()) {
            stats.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return stats;
    }

    /**
     * The given columns of every row of the table as Spark reads it, one JSON object per row (a null column left
     * out), by {@code io.clickstream.tables.HudiTableRows}; Hadoop settings as in
     * {@link #read(Path, String, Map, Path, Duration, String...)}.
     */
    public static List<String> rows(
            Path toolsModule,
            String table,
            Map<String, String> hadoopConf,
            Path logFile,
            Duration timeout,
            String... columns)
            throws Exception {
        Files.createDirectories(logFile.getParent());
        Path out = Files.createTempFile(logFile.getParent(), "spark-rows", ".jsonl");
        List<String> args = new ArrayList<>(List.of(table, out.toString()));
        args.addAll(List.of(columns));
        run(toolsModule, "io.clickstream.tables.HudiTableRows", args, hadoopConf, logFile, timeout);
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    /** Runs a hudi-table-tools tool in its own JVM; returns its standard output, fails unless it exits 0 in time. */
    private static String run(
            Path toolsModule,
            String mainClass,
            List<String> args,
            Map<String, String> hadoopConf,
            Path logFile,
            Duration timeout)
            throws Exception {
        String classpath = toolsModule.resolve("target/classes")
                + File.pathSeparator
                + Files.readString(toolsModule.resolve("target/classpath.txt")).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        GoldJobCommand.SPARK_OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        command.add("-Djdk.reflect.useDirectMethodHandle=false");
        hadoopConf.forEach((k, v) -> command.add("-Dspark.hadoop." + k + "=" + v));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        Files.createDirectories(logFile.getParent());
        Path out = Files.createTempFile(logFile.getParent(), "spark-stats", ".out");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(logFile.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Spark reader did not finish reading " + args.get(0) + " within "
                    + timeout.toSeconds() + " s; see " + logFile);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "Spark reader exited " + process.exitValue() + " reading " + args.get(0) + ": " + tail(logFile));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
