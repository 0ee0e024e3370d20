package io.clickstream.local.bench;

import io.clickstream.local.bench.SustainedPipelineBenchmark.CpuMark;
import io.clickstream.local.bench.SustainedPipelineBenchmark.Sample;
import io.clickstream.local.bench.SustainedPipelineBenchmark.Sink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown result of {@link SustainedPipelineBenchmark}: correctness first, then lag, CPU and freshness. */
final class SustainedPipelineReport {

    /** Everything a run measured; counts are -1 until Spark has counted the tables. */
    record Result(
            long startMs,
            long steadyFromMs,
            long endMs,
            List<Sink> sinks,
            List<Sample> samples,
            List<GoldFreshness.Batch> goldBatches,
            CpuMark cpuFrom,
            CpuMark cpuTo,
            Map<String, HudiSinkTimeline> timelines,
            long produced,
            long deadLetters,
            boolean drained,
            double drainSeconds,
            long goldRowsRead,
            long bronzeRows,
            long bronzeDistinct,
            long silverRows,
            long silverDistinct,
            List<String> failures,
            String loadBefore,
            String loadAtEnd) {

        Result withCounts(long bRows, long bDistinct, long sRows, long sDistinct) {
            return new Result(
                    startMs,
                    steadyFromMs,
                    endMs,
                    sinks,
                    samples,
                    goldBatches,
                    cpuFrom,
                    cpuTo,
                    timelines,
                    produced,
                    deadLetters,
                    drained,
                    drainSeconds,
                    goldRowsRead,
                    bRows,
                    bDistinct,
                    sRows,
                    sDistinct,
                    failures,
                    loadBefore,
                    loadAtEnd);
        }

        /** Every check passed: no failure, the sinks drained, Bronze = produced, Silver = produced − dead letters. */
        boolean correct() {
            return failures.isEmpty()
                    && drained
                    && bronzeRows == produced
                    && bronzeDistinct == produced
                    && silverRows == produced - deadLetters
                    && silverDistinct == silverRows
                    && goldRowsRead >= silverRows;
        }
    }

    private SustainedPipelineReport() {}

    static String markdown(SustainedPipelineOptions o, Result r) {
        StringBuilder md = new StringBuilder();
        double steadySeconds = (r.cpuTo().wallMs() - r.cpuFrom().wallMs()) / 1000.0;
        long steadyEvents = r.cpuTo().events() - r.cpuFrom().events();
        double achieved = steadySeconds > 0 ? steadyEvents / steadySeconds : 0;
        md.append(String.format(
                Locale.ROOT,
                """
                # Sustained pipeline: %,d events/s for %d s

                %s, revision %s, `%s`; %d worker(s) of -Xmx%s, %d partitions; steady window: after %d s of warm-up, %.0f s.
                Load average (1/5/15 min) before: %s; at the end: %s; mean of the 1-min samples: %.1f.

                """,
                o.rate(),
                o.durationSeconds(),
                Instant.ofEpochMilli(r.startMs()),
                o.revision(),
                o.command(),
                o.workers(),
                o.workerHeap(),
                o.partitions(),
                o.warmupSeconds(),
                steadySeconds,
                r.loadBefore(),
                r.loadAtEnd(),
                r.samples().stream().mapToDouble(Sample::load).average().orElse(Double.NaN)));
        md.append("## Correctness\n\n| check | value |\n|---|---|\n");
        row(md, "events produced (simulator's committed offsets)", String.format("%,d", r.produced()));
        row(
                md,
                "events/s in the steady window (target " + o.rate() + ")",
                String.format(Locale.ROOT, "%,.0f", achieved));
        row(
                md,
                "Bronze rows / distinct (partition, offset) (Spark)",
                count(r.bronzeRows()) + " / " + count(r.bronzeDistinct()));
        row(md, "dead letters", String.format("%,d", r.deadLetters()));
        row(md, "Silver rows / distinct event_id (Spark)", count(r.silverRows()) + " / " + count(r.silverDistinct()));
        row(
                md,
                "sinks caught up after the simulator paused",
                r.drained() ? String.format(Locale.ROOT, "yes, in %.0f s", r.drainSeconds()) : "NO");
        row(md, "Silver rows Gold's batches read", String.format("%,d", r.goldRowsRead()));
        row(
                md,
                "failed connectors, tasks or Gold job",
                r.failures().isEmpty() ? "none" : String.join("; ", r.failures()));
        row(md, "**correct run**", r.correct() ? "**yes**" : "**NO: the figures below do not count**");
        lag(md, o, r);
        cpu(md, r, steadyEvents, steadySeconds);
        freshness(md, r);
        return md.toString();
    }

    private static void lag(StringBuilder md, SustainedPipelineOptions o, Result r) {
        md.append("\n## Sink lag (topic end offsets − offsets of the sink's last Hudi commit), steady window\n\n"
                + "| sink | commit interval | bound: 2 intervals × rate | max lag | median lag | lag at the end of the window "
                + "| max lag in s of events | bounded |\n|---|---|---|---|---|---|---|---|\n");
        double from = (r.steadyFromMs() - r.startMs()) / 1000.0;
        for (Sink sink : r.sinks()) {
            List<Long> lags = new ArrayList<>();
            r.samples().stream()
                    .filter(s -> s.seconds() >= from)
                    .forEach(s -> lags.add(s.lag().get(sink.name())));
            if (lags.isEmpty()) {
                continue;
            }
            long bound = 2 * sink.commitIntervalMs() * o.rate() / 1000;
            long max = Collections.max(lags);
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d ms | %,d | %,d | %,d | %,d | %.1f | %s |%n",
                    sink.name(),
                    sink.commitIntervalMs(),
                    bound,
                    max,
                    median(lags),
                    lags.get(lags.size() - 1),
                    max / (double) o.rate(),
                    max < bound ? "yes" : "**no**"));
        }
        md.append("\nLag samples (s: lag per sink, load):");
        int every = Math.max(1, r.samples().size() / 20);
        for (int i = 0; i < r.samples().size(); i += every) {
            Sample s = r.samples().get(i);
            md.append(String.format(
                    Locale.ROOT, " %.0f: %s, %.1f;", s.seconds(), s.lag().values(), s.load()));
        }
        md.append("\n");
    }

    private static void cpu(StringBuilder md, Result r, long events, double seconds) {
        md.append(String.format(
                Locale.ROOT,
                "%n## CPU in the steady window (%,d events in %.0f s)%n%n"
                        + "| process / threads | CPU s | cores | CPU s per 1,000 events |%n|---|---|---|---|%n",
                events,
                seconds));
        double total = 0;
        for (Map.Entry<String, Double> e : r.cpuTo().processes().entrySet()) {
            double cpu = e.getValue() - r.cpuFrom().processes().getOrDefault(e.getKey(), 0.0);
            total += cpu;
            cpuRow(md, e.getKey(), cpu, events, seconds);
        }
        cpuRow(md, "**all**", total, events, seconds);
        md.append("\nWorker threads by connector (jcmd `Thread.print` cpu=, threads whose name holds the connector's; "
                + "threads that ended within the window are missing):\n\n| threads | CPU s | CPU s per 1,000 events |\n"
                + "|---|---|---|\n");
        Map<String, Double> from = r.cpuFrom().workerThreads();
        double named = 0;
        double all = 0;
        java.util.Map<String, Double> byConnector = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Double> e : r.cpuTo().workerThreads().entrySet()) {
            double cpu = e.getValue() - from.getOrDefault(e.getKey(), 0.0);
            all += cpu;
            for (String connector : connectorNames(r)) {
                if (e.getKey().contains(connector)) {
                    byConnector.merge(connector, cpu, Double::sum);
                    named += cpu;
                    break;
                }
            }
        }
        for (Map.Entry<String, Double> e : byConnector.entrySet()) {
            md.append(String.format(
                    Locale.ROOT, "| %s | %.1f | %.3f |%n", e.getKey(), e.getValue(), per1000(e.getValue(), events)));
        }
        md.append(String.format(
                Locale.ROOT,
                "| other threads (GC, JIT, Kafka clients, Hudi pools, Connect) | %.1f | %.3f |%n",
                all - named,
                per1000(all - named, events)));
        md.append("\nTop worker threads: ")
                .append(JvmCpu.difference(from, r.cpuTo().workerThreads(), 12))
                .append("\n");
    }

    private static List<String> connectorNames(Result r) {
        List<String> names = new ArrayList<>();
        r.sinks().forEach(s -> names.add(s.name()));
        names.add("clickstream-simulator");
        names.add("gold-jdbc-sink");
        return names;
    }

    private static void freshness(StringBuilder md, Result r) {
        GoldFreshness f = GoldFreshness.of(r.goldBatches(), r.steadyFromMs(), r.endMs());
        md.append(String.format(
                Locale.ROOT,
                "%n## Gold freshness (event time → its Gold batch visible in PostgreSQL), "
                        + "steady window%n%n| p50 | p95 | max | event time covered | goal p95 ≤ 15 s |%n|---|---|---|---|---|%n"
                        + "| %.1f s | %.1f s | %.1f s | %.0f s | %s |%n",
                f.percentile(50),
                f.percentile(95),
                f.max(),
                f.coveredSeconds(),
                f.isEmpty() ? "no batch" : f.percentile(95) <= 15 ? "met" : "**not met**"));
        md.append(
                "\n## Where the time goes (steady window, medians; p95 in brackets)\n\n| stage | figure |\n|---|---|\n");
        List<HudiSinkTimeline.Instant> silver = List.of();
        for (Sink sink : r.sinks()) {
            List<HudiSinkTimeline.Instant> commits = r.timelines().get(sink.name()).dataCommits().stream()
                    .filter(i -> i.requested() >= r.steadyFromMs() && i.requested() <= r.endMs())
                    .toList();
            if (sink.name().startsWith("silver")) {
                silver = commits;
            }
            List<Long> intervals = new ArrayList<>();
            for (int i = 1; i < commits.size(); i++) {
                intervals.add(commits.get(i).requested() - commits.get(i - 1).requested());
            }
            List<Long> durations =
                    commits.stream().map(HudiSinkTimeline.Instant::millis).toList();
            row(
                    md,
                    sink.name() + ": commits / start-to-start interval / Hudi commit (requested → completed)",
                    String.format(Locale.ROOT, "%d / %s / %s", commits.size(), ms(intervals), ms(durations)));
        }
        List<GoldFreshness.Batch> gold = r.goldBatches().stream()
                .filter(b -> b.seenMs() >= r.steadyFromMs() && b.seenMs() <= r.endMs())
                .toList();
        List<Long> goldIntervals = new ArrayList<>();
        for (int i = 1; i < gold.size(); i++) {
            goldIntervals.add(gold.get(i).seenMs() - gold.get(i - 1).seenMs());
        }
        row(
                md,
                "Gold: batches / interval between batches seen / batch_ms (sessionize + load) / rows in",
                String.format(
                        Locale.ROOT,
                        "%d / %s / %s / %s",
                        gold.size(),
                        ms(goldIntervals),
                        ms(gold.stream().map(GoldFreshness.Batch::batchMs).toList()),
                        number(gold.stream().map(GoldFreshness.Batch::rowsIn).toList())));
        if (gold.size() > 1) {
            // gold.batches holds the batches that loaded rows, by Spark's batch id: the ids between them are the
            // micro-batches that ran without rows (the sessionizer's timeout checks).
            long run = gold.get(gold.size() - 1).batchId() - gold.get(0).batchId();
            row(
                    md,
                    "Gold: micro-batches run after the window's first batch with rows / of them without rows",
                    String.format(Locale.ROOT, "%d / %d", run, run - (gold.size() - 1)));
        }
        List<Long> pickup = new ArrayList<>();
        List<Long> wait = new ArrayList<>();
        for (HudiSinkTimeline.Instant commit : silver) {
            gold.stream()
                    .filter(b -> b.seenMs() - b.batchMs() >= commit.completed())
                    .findFirst()
                    .ifPresent(b -> {
                        pickup.add(b.seenMs() - commit.completed());
                        wait.add(b.seenMs() - b.batchMs() - commit.completed());
                    });
        }
        row(
                md,
                "Silver commit completed → first Gold batch started after it is seen committed "
                        + "(of which: waiting for that batch to start)",
                ms(pickup) + " (" + ms(wait) + ")");
    }

    private static String ms(List<Long> values) {
        if (values.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f s [%.1f s]", median(values) / 1000.0, p95(values) / 1000.0);
    }

    private static String number(List<Long> values) {
        return values.isEmpty() ? "–" : String.format(Locale.ROOT, "%,d [%,d]", median(values), p95(values));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long p95(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(0.95 * sorted.size()) - 1));
    }

    private static void cpuRow(StringBuilder md, String name, double cpu, long events, double seconds) {
        md.append(String.format(
                Locale.ROOT, "| %s | %.1f | %.2f | %.3f |%n", name, cpu, cpu / seconds, per1000(cpu, events)));
    }

    private static double per1000(double cpu, long events) {
        return events > 0 ? cpu / (events / 1000.0) : Double.NaN;
    }

    private static String count(long n) {
        return n < 0 ? "not counted" : String.format("%,d", n);
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
