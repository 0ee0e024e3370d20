package io.clickstream.local.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts a table's rows and distinct (kafka_partition, kafka_offset) pairs with Spark and the Hudi Spark bundle —
 * an independent reader — by running {@code io.clickstream.gold.tools.HudiTableStats} in its own JVM on the
 * gold-spark-job classpath ({@code target/classpath.txt}; Spark needs Scala 2.12, this classpath holds the broker's
 * 2.13). Run after the timed parts, never during them.
 */
final class HudiSinkRowCount {

    private static final List<String> SPARK_OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect",
            "java.io", "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
            "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");
    private static final Pattern STAT = Pattern.compile("\"(\\w+)\":(\\d+)");

    /** What Spark saw. */
    record Counts(long rows, long distinct) {
        boolean exactly(long n) {
            return rows == n && distinct == n;
        }
    }

    private HudiSinkRowCount() {
    }

    static Counts of(Path goldModule, Path table, Path log) throws Exception {
        String classpath = goldModule.resolve("target/classes") + File.pathSeparator
                + Files.readString(goldModule.resolve("target/classpath.txt")).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        SPARK_OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        command.add("-Djdk.reflect.useDirectMethodHandle=false");
        command.add("-cp");
        command.add(classpath);
        command.add("io.clickstream.gold.tools.HudiTableStats");
        command.add(table.toUri().toString());
        command.add("kafka_partition");
        command.add("kafka_offset");
        Path out = Files.createTempFile(log.getParent(), "spark-count", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Spark did not count " + table + " within 300 s; see " + log);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Spark could not count " + table + " (exit " + process.exitValue()
                    + "); see " + log);
        }
        long rows = -1;
        long distinct = -1;
        Matcher m = STAT.matcher(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(""));
        while (m.find()) {
            switch (m.group(1)) {
                case "rows" -> rows = Long.parseLong(m.group(2));
                case "distinct" -> distinct = Long.parseLong(m.group(2));
                default -> { }
            }
        }
        return new Counts(rows, distinct);
    }
}
