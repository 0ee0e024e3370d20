package io.clickstream.local.bench;

import io.clickstream.contract.LakeTable;
import io.clickstream.local.TestStacks;
import io.clickstream.local.gold.GoldStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the Gold job costs while no new Silver commit arrives: its idle micro-batches (the sessionizer's
 * processing-time timeouts make Spark run one every trigger). Copies the Silver table and the dead-letter table of a
 * finished run's data directory (e.g. {@code bench/sustained-pipeline.sh}'s) into a fresh directory, starts the job
 * the way the local stack does ({@link GoldStage}: its own PostgreSQL, a new checkpoint) with the job's settings from
 * {@code -Dspark.clickstream.gold.*} (e.g. {@code trigger}, {@code state-partitions}), waits until the first batch has
 * loaded the table, then measures the job JVM's CPU time for the given seconds and the micro-batches run in them (the
 * query's offset log: every micro-batch, idle or not, writes one entry; idle ones load nothing into
 * {@code gold.batches}).
 *
 * <p>Arguments: source data directory, work directory (replaced), seconds to measure.
 */
public final class GoldIdleBenchmark {

    private GoldIdleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path work = Path.of(args[1]);
        long seconds = Long.parseLong(args[2]);
        Path goldModule = Path.of(System.getProperty("clickstream.gold.module", "gold-spark-job"));
        TestStacks.deleteRecursively(work);
        for (LakeTable table : new LakeTable[] {LakeTable.SILVER_EVENTS, LakeTable.DEAD_LETTERS}) {
            copyRecursively(Path.of(table.under(source.toString())), Path.of(table.under(work.toString())));
        }
        Files.createDirectories(work.resolve("logs"));
        try (GoldStage gold = GoldStage.start(work, goldModule, null)) {
            long loaded;
            long deadline = System.currentTimeMillis() + 600_000L;
            while ((loaded = silverRowsLoaded(gold)) <= 0) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the Gold job loaded no batch in 10 minutes");
                }
                Thread.sleep(1_000);
            }
            Thread.sleep(20_000); // the watermark's batch and the first close checks after the catch-up
            long pid = gold.jobPid();
            double cpu0 = JvmCpu.processSeconds(pid);
            long batch0 = lastBatchId(work);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            double cpu = JvmCpu.processSeconds(pid) - cpu0;
            long batches = lastBatchId(work) - batch0;
            double wall = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "Gold idle: %.1f CPU s in %.0f s (%.2f cores), %d micro-batches, %.2f CPU s a micro-batch; "
                            + "Silver rows loaded before: %,d; load average %s%n",
                    cpu,
                    wall,
                    cpu / wall,
                    batches,
                    batches == 0 ? Double.NaN : cpu / batches,
                    loaded,
                    Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    /** Rows the job's committed batches read; 0 before the first. */
    private static long silverRowsLoaded(GoldStage gold) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        gold.postgres().jdbcUrl(), gold.postgres().user(), null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(rows_in), 0) FROM gold.batches")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notMigratedYet) {
            return 0;
        }
    }

    /** The highest batch id in the query's offset log: every micro-batch, with rows or without, writes one. */
    private static long lastBatchId(Path work) throws IOException {
        Path offsets = work.resolve("gold/checkpoint/offsets");
        try (Stream<Path> files = Files.list(offsets)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d+"))
                    .mapToLong(Long::parseLong)
                    .max()
                    .orElse(-1);
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
