package io.clickstream.local.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's result as Markdown: the table docs/benchmarks.md shows, the details and how it was made. */
final class HudiSinkReport {

    private HudiSinkReport() {
    }

    static String markdown(HudiSinkBenchmark.Options options, List<Map<String, String>> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| mode | N | B | sink rec/s | bare rec/s | ratio | sink commits: n, median ms | bare commits: n, median ms "
                + "| worker heap peak / old gen (MiB) | bare heap peak / old gen (MiB) | rows sink / bare (Spark) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, String> r : rows) {
            double sink = Double.parseDouble(r.get("sinkRecordsPerSecond"));
            double bare = Double.parseDouble(r.get("bareRecordsPerSecond"));
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | **%.2f** | %s | %s | %s / %s | %s / %s "
                            + "| %s / %s |%n",
                    r.get("mode"), options.records(), options.batch(), sink, bare, sink / bare,
                    commits(r.get("sinkCommitMillis")), commits(r.get("bareCommitMillis")),
                    r.get("sinkHeapPeakMib"), r.get("sinkOldGenPeakMib"), r.get("bareHeapPeakMib"),
                    r.get("bareOldGenPeakMib"), r.get("sinkRows"), r.get("bareRows")));
        }
        md.append("\nDetails (times in ms; sink times counted from the connector's creation):\n\n");
        for (Map<String, String> r : rows) {
            md.append(String.format(Locale.ROOT, "- %s: sink %s s, first commit started at %s, last commit ended at %s, "
                            + "idle between commits %s, commit durations %s, inline compactions %s; "
                            + "bare %s s, commit durations %s%n  - worker CPU by thread during the sink run: %s%n"
                            + "  - 1-min load average at the end of the sink run %s, of the bare run %s%n",
                    r.get("mode"), r.get("sinkSeconds"), r.get("sinkFirstCommitAfterMillis"),
                    r.get("sinkLastCommitEndMillis"), r.get("sinkGapMillis"), r.get("sinkCommitMillis"),
                    r.get("sinkCompactions"), r.get("bareSeconds"), r.get("bareCommitMillis"),
                    r.get("sinkWorkerCpu"), r.get("sinkLoad"), r.get("bareLoad")));
        }
        md.append("\nSink settings: tasks.max=1, record.mode=bronze, insert, commit.max.records=buffer.max.records=B, "
                + "commit.interval.ms=").append(options.commitIntervalMs())
                .append(options.sinkOverrides().isEmpty() ? "" : ", " + options.sinkOverrides())
                .append("; topic with ").append(options.partitions()).append(" partitions; worker and bare writer -Xmx")
                .append(options.workerHeap()).append(" -XX:+UseSerialGC; heap sampled with jstat every 250 ms.\n");
        md.append("Machine: ").append(HudiSinkBenchmark.machine()).append('\n');
        md.append("Sources: ").append(options.revision()).append('\n');
        md.append("Command: `").append(options.command()).append("`\n");
        return md.toString();
    }

    private static String commits(String millis) {
        if (millis == null || millis.length() < 3) {
            return "-";
        }
        long[] ms = Arrays.stream(millis.substring(1, millis.length() - 1).split(",")).filter(s -> !s.isBlank())
                .mapToLong(Long::parseLong).sorted().toArray();
        return ms.length == 0 ? "0" : ms.length + ", " + ms[ms.length / 2];
    }
}
