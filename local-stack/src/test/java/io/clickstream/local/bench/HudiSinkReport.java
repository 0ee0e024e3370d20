package io.clickstream.local.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's result as Markdown: the table docs/benchmarks.md shows, each run's details, how it was made. */
final class HudiSinkReport {

    private HudiSinkReport() {
    }

    static String markdown(HudiSinkBenchmark.Options options, List<Map<String, String>> runs) {
        StringBuilder md = new StringBuilder();
        md.append("| mode | N | B | runs | sink rec/s best (median) | bare rec/s best (median) | ratio best (median) "
                + "| CPU s sink (worker+broker) / bare, median | ratio by CPU | worker heap peak / old gen MiB, max "
                + "| bare heap peak / old gen MiB, max | rows = N in every table (Spark) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String mode : options.modes()) {
            List<Map<String, String>> rs = runs.stream().filter(r -> r.get("mode").equals(mode)).toList();
            double[] sink = values(rs, "sinkRecordsPerSecond");
            double[] bare = values(rs, "bareRecordsPerSecond");
            double sinkCpu = median(values(rs, "sinkCpuSeconds"));
            double bareCpu = median(values(rs, "bareCpuSeconds"));
            boolean exact = rs.stream().allMatch(r -> r.get("sinkRows").endsWith("✓") && r.get("bareRows").endsWith("✓"));
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f (%.0f) | %.0f (%.0f) | **%.2f** (%.2f) "
                            + "| %.1f / %.1f | %.2f | %.0f / %.0f | %.0f / %.0f | %s |%n",
                    mode, options.records(), options.batch(), rs.size(), max(sink), median(sink), max(bare),
                    median(bare), max(sink) / max(bare), median(sink) / median(bare), sinkCpu, bareCpu,
                    bareCpu / sinkCpu, max(values(rs, "sinkHeapPeakMib")), max(values(rs, "sinkOldGenPeakMib")),
                    max(values(rs, "bareHeapPeakMib")), max(values(rs, "bareOldGenPeakMib")),
                    rs.stream().anyMatch(r -> r.get("sinkRows").startsWith("not")) ? "not counted"
                            : exact ? "yes" : "**NO**"));
        }
        md.append("\nEach run (ms; sink times from the connector's creation):\n\n");
        for (Map<String, String> r : runs) {
            md.append(String.format(Locale.ROOT, "- run %s %s: sink %s rec/s in %s s, CPU %s s, first commit started at "
                            + "%s, last ended at %s, idle between commits %s, %s commits %s, rows %s; bare %s rec/s in "
                            + "%s s, CPU %s s, commits %s (on its timeline %s, idle between them %s), rows %s; "
                            + "load average (1 min) after sink %s, after bare %s%n"
                            + "  - worker CPU by thread: %s%n",
                    r.get("run"), r.get("mode"), r.get("sinkRecordsPerSecond"), r.get("sinkSeconds"),
                    r.get("sinkCpuSeconds"), r.get("sinkFirstCommitAfterMillis"), r.get("sinkLastCommitEndMillis"),
                    r.get("sinkGapMillis"), count(r.get("sinkCommitMillis")), r.get("sinkCommitMillis"),
                    r.get("sinkRows"), r.get("bareRecordsPerSecond"), r.get("bareSeconds"), r.get("bareCpuSeconds"),
                    r.get("bareCommitMillis"), r.get("bareTimelineCommitMillis"), r.get("bareGapMillis"),
                    r.get("bareRows"), r.get("sinkLoad"), r.get("bareLoad"),
                    r.get("sinkWorkerCpu")));
        }
        md.append("\nSink settings: tasks.max=1, record.mode=bronze, insert, commit.max.records=buffer.max.records=B, "
                + "commit.interval.ms=").append(options.commitIntervalMs())
                .append(options.sinkOverrides().isEmpty() ? "" : ", " + options.sinkOverrides())
                .append("; topic with ").append(options.partitions()).append(" partitions; worker and bare writer -Xmx")
                .append(options.workerHeap()).append(" -XX:+UseSerialGC; heap sampled with jstat every 250 ms; CPU from "
                        + "/proc (sink: worker + broker; bare: its JVM during the timed part).\n");
        md.append("Machine: ").append(HudiSinkBenchmark.machine()).append('\n');
        md.append("Sources: ").append(options.revision()).append('\n');
        md.append("Command: `").append(options.command()).append("`\n");
        return md.toString();
    }

    private static double[] values(List<Map<String, String>> rs, String key) {
        return rs.stream().map(r -> r.get(key)).filter(v -> v != null && !v.isBlank() && !v.equals("-"))
                .mapToDouble(Double::parseDouble).toArray();
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
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static int count(String millis) {
        return millis == null || millis.length() < 3 ? 0 : millis.split(",").length;
    }
}
