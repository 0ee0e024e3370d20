package io.clickstream.gold;

import io.clickstream.gold.load.BatchAggregation;
import io.clickstream.gold.load.BatchContent;
import io.clickstream.gold.session.GoldRow;
import io.clickstream.gold.testing.SilverRow;
import io.clickstream.gold.testing.SilverTable;
import io.clickstream.gold.testing.SimulatedTraffic;
import io.clickstream.gold.testing.Waits;
import io.clickstream.tables.LocalSpark;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;

/**
 * Sessionization speed and state: the Gold job's computation ({@link GoldJob#sessionize}, then the aggregation
 * {@link BatchAggregation} the loader does, without PostgreSQL) over one Silver snapshot, as a Structured Streaming
 * query in {@code local[2]} (RocksDB state, checkpoint, watermark, as the job runs) beside the same computation as a
 * Spark batch job over the same snapshot (the limit: no state store, no checkpoint). Alternating, fresh checkpoint
 * each streaming run.
 *
 * <pre>java -cp ... io.clickstream.gold.SessionizationBenchmark DIR EVENTS CONCURRENT_USERS COMMITS REPEAT [state]</pre>
 * Writes the Silver table under {@code DIR} in {@code COMMITS} Hudi commits (simulator traffic, 5 % late and 5 %
 * duplicate deliveries, 3 % bots). {@code state}: streaming only, once, and the state it leaves: Spark's state
 * operator figures (rows, memory, RocksDB metrics), the checkpoint's state directory on disk and the driver's heap
 * (peak while running, sampled every 50 ms, and live after a full GC with the query still holding its state).
 */
public final class SessionizationBenchmark {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long GAP_MS = 30 * 60_000L;

    private SessionizationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int events = Integer.parseInt(args[1]);
        int concurrent = Integer.parseInt(args[2]);
        int commits = Integer.parseInt(args[3]);
        int repeat = Integer.parseInt(args[4]);
        boolean stateOnly = args.length > 5 && args[5].equals("state");
        HeapPeak heap = HeapPeak.start();
        SparkSession spark = LocalSpark.session("sessionization-benchmark");
        GoldJobConfig config = GoldJobConfig.parse(
                List.of(
                        "--silver-path",
                        dir.resolve("silver").toUri().toString(),
                        "--checkpoint",
                        dir.resolve("checkpoint").toString()),
                Map.of(),
                name -> null);
        GoldJob.configure(spark, config);
        try {
            long rows = silver(spark, dir, config.silverPath(), events, concurrent, commits);
            if (stateOnly) {
                System.gc();
                System.out.printf(
                        "driver heap live after GC before the query: %,d MiB%n",
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
                heap.reset();
                Run run = stream(spark, config, dir.resolve("checkpoint-state"), true, heap);
                System.out.printf(
                        "state: %,d Silver rows, %,d concurrent users: streaming %,.0f events/s%n",
                        rows, concurrent, rows / run.seconds);
                return;
            }
            List<Double> batch = new ArrayList<>();
            List<Double> stream = new ArrayList<>();
            for (int r = 0; r < repeat; r++) {
                Run b = batch(spark, config);
                heap.reset();
                Run s = stream(spark, config, dir.resolve("checkpoint-" + r), r == repeat - 1, heap);
                batch.add(rows / b.seconds);
                stream.add(rows / s.seconds);
                System.out.printf(
                        "run %d: batch %.1f s (%,.0f events/s), streaming %.1f s (%,.0f events/s, %d "
                                + "micro-batches), ratio %.2f, load average %s%n",
                        r + 1,
                        b.seconds,
                        rows / b.seconds,
                        s.seconds,
                        rows / s.seconds,
                        s.microBatches,
                        b.seconds / s.seconds,
                        loadAverage());
            }
            double batchMedian = median(batch);
            double streamMedian = median(stream);
            System.out.printf(
                    "events %,d, concurrent users %,d, commits %d: batch %,.0f events/s best, %,.0f median; "
                            + "streaming %,.0f best, %,.0f median; ratio of medians %.2f%n",
                    rows,
                    concurrent,
                    commits,
                    max(batch),
                    batchMedian,
                    max(stream),
                    streamMedian,
                    streamMedian / batchMedian);
        } finally {
            spark.stop();
            heap.stop();
        }
    }

    /** The Silver table of these parameters: written once, reused by later runs; returns its rows. */
    private static long silver(SparkSession spark, Path dir, String path, int events, int concurrent, int commits)
            throws IOException {
        Path marker = dir.resolve("silver.rows");
        String parameters = events + " " + concurrent + " " + commits + " ";
        if (Files.exists(marker) && Files.readString(marker).startsWith(parameters)) {
            long rows = Long.parseLong(
                    Files.readString(marker).substring(parameters.length()).strip());
            System.out.printf("Silver: %,d rows of an earlier run reused (%s)%n", rows, path);
            return rows;
        }
        Waits.deleteTree(dir);
        Files.createDirectories(dir);
        long rows = writeSilver(spark, path, events, concurrent, commits);
        Files.writeString(marker, parameters + rows);
        return rows;
    }

    /** Writes the Silver table; returns its rows (distinct event ids: a duplicate delivery upserts its row). */
    private static long writeSilver(SparkSession spark, String path, int events, int concurrent, int commits)
            throws IOException {
        long t0 = System.nanoTime();
        List<SilverRow> traffic =
                SimulatedTraffic.generate(11, events, concurrent, concurrent * 3, GAP_MS, 0.05, 0.05, START);
        SilverTable silver = new SilverTable(spark, path);
        int size = (events + commits - 1) / commits;
        for (int from = 0; from < events; from += size) {
            silver.append(traffic.subList(from, Math.min(events, from + size)));
        }
        long rows = traffic.stream().map(SilverRow::eventId).distinct().count();
        System.out.printf(
                "Silver: %,d deliveries, %,d rows in %d commits, written in %.1f s, load average %s%n",
                events, rows, commits, (System.nanoTime() - t0) / 1e9, loadAverage());
        return rows;
    }

    private static Run batch(SparkSession spark, GoldJobConfig config) {
        long t0 = System.nanoTime();
        Dataset<GoldRow> rows = GoldJob.sessionize(
                spark.read().format("hudi").options(GoldJob.SILVER_READ_OPTIONS).load(config.silverPath()), config);
        aggregate(rows);
        return new Run((System.nanoTime() - t0) / 1e9, 1);
    }

    private static Run stream(
            SparkSession spark, GoldJobConfig config, Path checkpoint, boolean reportState, HeapPeak heap)
            throws Exception {
        Waits.deleteTree(checkpoint); // a fresh checkpoint: one left by an earlier run would resume past the data
        DataBatches batches = new DataBatches();
        spark.streams().addListener(batches);
        long t0 = System.nanoTime();
        StreamingQuery query = GoldJob.sessionize(
                        spark.readStream()
                                .format("hudi")
                                .options(GoldJob.SILVER_READ_OPTIONS)
                                .load(config.silverPath()),
                        config)
                .writeStream()
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.ProcessingTime(0))
                .outputMode(OutputMode.Update())
                .foreachBatch((VoidFunction2<Dataset<GoldRow>, Long>) (batch, id) -> aggregate(batch))
                .start();
        try {
            // Not processAllAvailable(): with a processing-time timeout Spark keeps running no-data batches.
            batches.done.await();
            double seconds = (batches.lastDataNanos - t0) / 1e9;
            if (reportState) {
                reportState(batches.progress.toArray(new StreamingQueryProgress[0]), checkpoint, heap);
            }
            return new Run(seconds, batches.dataBatches);
        } finally {
            query.stop();
            spark.streams().removeListener(batches);
        }
    }

    /** Counts the micro-batches that read new Silver commits; done after {@value #QUIET_BATCHES} no-data batches in a row. */
    private static final class DataBatches extends StreamingQueryListener {

        private static final int QUIET_BATCHES = 3;
        final CountDownLatch done = new CountDownLatch(1);
        final List<StreamingQueryProgress> progress = new CopyOnWriteArrayList<>();
        volatile long lastDataNanos;
        volatile int dataBatches;
        private int quiet;

        @Override
        public void onQueryStarted(QueryStartedEvent event) {}

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            // Hudi's (V1) source reports no input rows, so a data batch is one whose source offset moved.
            SourceProgress source = event.progress().sources()[0];
            if (!Objects.equals(source.startOffset(), source.endOffset())) {
                progress.add(event.progress());
                lastDataNanos = System.nanoTime();
                dataBatches++;
                quiet = 0;
            } else if (dataBatches > 0 && ++quiet >= QUIET_BATCHES) {
                done.countDown();
            }
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
            done.countDown();
        }
    }

    /** What the loader does with a micro-batch before PostgreSQL: cache it, aggregate it, bring it to the driver. */
    private static BatchContent aggregate(Dataset<GoldRow> rows) {
        rows.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return BatchAggregation.of(rows);
        } finally {
            rows.unpersist();
        }
    }

    private static void reportState(StreamingQueryProgress[] progress, Path checkpoint, HeapPeak heap)
            throws IOException {
        long peak = heap.peak();
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        for (StreamingQueryProgress p : progress) {
            for (StateOperatorProgress s : p.stateOperators()) {
                System.out.printf(
                        "micro-batch %d: %,d input rows, %d ms; state rows %,d, memory used %,d bytes, "
                                + "metrics %s%n",
                        p.batchId(),
                        p.numInputRows(),
                        p.batchDuration(),
                        s.numRowsTotal(),
                        s.memoryUsedBytes(),
                        s.customMetrics());
            }
        }
        System.out.printf(
                "state on disk (checkpoint %s/state): %,d bytes; driver heap: peak %,d MiB, live after GC "
                        + "%,d MiB, max %,d MiB%n",
                checkpoint,
                size(checkpoint.resolve("state")),
                peak >> 20,
                live >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private record Run(double seconds, int microBatches) {}

    /** Samples the heap's used bytes every 50 ms and keeps the highest. */
    private static final class HeapPeak {

        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;

        private HeapPeak() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            sampler = new Thread(
                    () -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "heap-peak");
            sampler.setDaemon(true);
        }

        static HeapPeak start() {
            HeapPeak heap = new HeapPeak();
            heap.sampler.start();
            return heap;
        }

        long peak() {
            return peak.get();
        }

        void reset() {
            peak.set(0);
        }

        void stop() {
            sampler.interrupt();
        }
    }
}
