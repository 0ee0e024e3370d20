package io.clickstream.local.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's result as Markdown: the table docs/benchmarks.md shows, each run's details, how it was made. */
final class HudiSinkReport {

    /** How a row's lake shows beside its mode. */
    private static final Map<String, String> ON = Map.of("file", "", "s3", " on S3 (S3Proxy)");

    private HudiSinkReport() {}

    static String markdown(HudiSinkBenchmark.Options options, List<Map<String, String>> runs) {
        StringBuilder md = new StringBuilder();
        md.append("| mode | N | B | runs | sink rec/s best (median) | bare rec/s best (median) | ratio best (median) "
                + "| CPU s sink (worker+broker) / bare, median | ratio by CPU | worker heap peak / old gen MiB, max "
                + "| bare heap peak / old gen MiB, max | rows = "
                + (options.silver() ? "distinct valid event ids" : "N") + " in every table (Spark) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> lakes = runs.stream().map(r -> r.get("lake")).distinct().toList();
        for (String lake : lakes) {
            for (String mode : options.modes()) {
                md.append(row(options, runs(runs, mode, lake), mode + ON.get(lake)));
            }
        }
        if (lakes.contains("s3")) {
            md.append("\nObject storage (S3Proxy on this machine) against the bare writer on the same store and "
                    + "against the sink on the local disk, best runs:\n\n");
            md.append("| mode | sink on disk rec/s | sink on S3 rec/s | bare writer on S3 rec/s | sink / bare on S3 "
                    + "| sink on S3 / sink on disk |\n|---|---|---|---|---|---|\n");
            for (String mode : options.modes()) {
                double disk = max(values(runs(runs, mode, "file"), "sinkRecordsPerSecond"));
                double sink = max(values(runs(runs, mode, "s3"), "sinkRecordsPerSecond"));
                double bare = max(values(runs(runs, mode, "s3"), "bareRecordsPerSecond"));
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %.0f | %.0f | %.0f | **%.2f** | **%.2f** |%n",
                        mode,
                        disk,
                        sink,
                        bare,
                        sink / bare,
                        sink / disk));
            }
        }
        appendRuns(md, options, runs);
        return md.toString();
    }

    private static List<Map<String, String>> runs(List<Map<String, String>> runs, String mode, String lake) {
        return runs.stream()
                .filter(r -> r.get("mode").equals(mode) && r.get("lake").equals(lake))
                .toList();
    }

    /** One line of the main table: the runs of one mode on one lake. */
    private static String row(HudiSinkBenchmark.Options options, List<Map<String, String>> rs, String label) {
        double[] sink = values(rs, "sinkRecordsPerSecond");
        double[] bare = values(rs, "bareRecordsPerSecond");
        double sinkCpu = median(values(rs, "sinkCpuSeconds"));
        double bareCpu = median(values(rs, "bareCpuSeconds"));
        boolean exact = rs.stream()
                .allMatch(r ->
                        r.get("sinkRows").endsWith("✓") && r.get("bareRows").endsWith("✓"));
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %.0f (%.0f) | %.0f (%.0f) | **%.2f** (%.2f) "
                        + "| %.1f / %.1f | %.2f | %.0f / %.0f | %.0f / %.0f | %s |%n",
                label,
                options.records(),
                options.batch(),
                rs.size(),
                max(sink),
                median(sink),
                max(bare),
                median(bare),
                max(sink) / max(bare),
                median(sink) / median(bare),
                sinkCpu,
                bareCpu,
                bareCpu / sinkCpu,
                max(values(rs, "sinkHeapPeakMib")),
                max(values(rs, "sinkOldGenPeakMib")),
                max(values(rs, "bareHeapPeakMib")),
                max(values(rs, "bareOldGenPeakMib")),
                rs.stream().anyMatch(r -> r.get("sinkRows").startsWith("not"))
                        ? "not counted"
                        : exact ? "yes" : "**NO**");
    }

    private static void appendRuns(
            StringBuilder md, HudiSinkBenchmark.Options options, List<Map<String, String>> runs) {
        md.append("\nEach run (ms; sink times from the connector's creation):\n\n");
        for (Map<String, String> r : runs) {
            md.append(String.format(
                    Locale.ROOT,
                    "- run %s %s%s: sink %s rec/s in %s s, CPU %s s, first commit "
                            + "started at %s, last ended at %s, idle between commits %s, %s commits %s of %s rows, "
                            + "rows %s; bare %s rec/s in "
                            + "%s s, CPU %s s, commits %s (on its timeline %s, idle between them %s), rows %s; "
                            + "load average (1 min) after sink %s, after bare %s%n"
                            + "  - worker CPU by thread: %s%n",
                    r.get("run"),
                    r.get("mode"),
                    ON.get(r.get("lake")),
                    r.get("sinkRecordsPerSecond"),
                    r.get("sinkSeconds"),
                    r.get("sinkCpuSeconds"),
                    r.get("sinkFirstCommitAfterMillis"),
                    r.get("sinkLastCommitEndMillis"),
                    r.get("sinkGapMillis"),
                    count(r.get("sinkCommitMillis")),
                    r.get("sinkCommitMillis"),
                    r.get("sinkCommitRows"),
                    r.get("sinkRows"),
                    r.get("bareRecordsPerSecond"),
                    r.get("bareSeconds"),
                    r.get("bareCpuSeconds"),
                    r.get("bareCommitMillis"),
                    r.get("bareTimelineCommitMillis"),
                    r.get("bareGapMillis"),
                    r.get("bareRows"),
                    r.get("sinkLoad"),
                    r.get("bareLoad"),
                    r.get("sinkWorkerCpu")));
            if (r.containsKey("transformCpuSeconds")) {
                double transforms = Double.parseDouble(r.get("transformCpuSeconds"));
                md.append(String.format(
                        Locale.ROOT,
                        "  - Silver rows: %s distinct valid event ids, %s invalid "
                                + "records; the transform chain took %.1f s of CPU in the bare JVM (untimed, cold), "
                                + "%.0f %% of the sink's CPU%n",
                        r.get("expectedRows"),
                        r.get("invalidRecords"),
                        transforms,
                        100 * transforms / Double.parseDouble(r.get("sinkCpuSeconds"))));
            }
        }
        md.append(
                        options.silver()
                                ? "\nSink settings: " + options.connector().getFileName()
                                        + " as shipped (transforms, structured upsert, index, ordering, errors) with tasks.max=1, its own "
                                        + "table, topic and dead-letter topic, commit.max.records=buffer.max.records=B, commit.interval.ms="
                                : "\nSink settings: tasks.max=1, record.mode=bronze, insert, commit.max.records=buffer.max.records=B, "
                                        + "commit.interval.ms=")
                .append(options.commitIntervalMs())
                .append(options.sinkOverrides().isEmpty() ? "" : ", " + options.sinkOverrides())
                .append("; topic with ")
                .append(options.partitions())
                .append(" partitions; worker and bare writer -Xmx")
                .append(options.workerHeap())
                .append(" -XX:+UseSerialGC; bare commits: ")
                .append(
                        options.bareCommits().equals("sink")
                                ? "the rows of each of the sink's commits in that run"
                                : "B rows each")
                .append("; heap sampled with jstat every 250 ms; CPU from "
                        + "/proc (sink: worker + broker; bare: its JVM during the timed part).\n");
        md.append("Machine: ").append(HudiSinkBenchmark.machine()).append('\n');
        md.append("Sources: ").append(options.revision()).append('\n');
        md.append("Command: `").append(options.command()).append("`\n");
    }

    private static double[] values(List<Map<String, String>> rs, String key) {
        return rs.stream()
                .map(r -> r.get(key))
                .filter(v -> v != null && !v.isBlank() && !v.equals("-"))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static int count(String millis) {
        return millis == null || millis.length() < 3 ? 0 : millis.split(",").length;
    }
}
