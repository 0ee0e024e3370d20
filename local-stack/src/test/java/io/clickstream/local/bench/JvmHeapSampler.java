package io.clickstream.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Peak heap of another JVM (a Connect worker, the bare writer) sampled with {@code jstat -gc PID 250}: the same
 * method for both sides of the benchmark, from outside, without touching the process. Reports the largest sampled
 * used heap (survivors + eden + old) and the largest old-generation use; a 250 ms sample can miss a short spike of
 * eden, never a stable peak of the old generation.
 */
public final class JvmHeapSampler implements AutoCloseable {

    private final Process jstat;
    private final Thread reader;
    private volatile long maxUsedKb;
    private volatile long maxOldKb;
    private volatile int samples;

    private JvmHeapSampler(long pid, boolean repeat) {
        try {
            List<String> command = repeat
                    ? List.of("jstat", "-gc", Long.toString(pid), "250")
                    : List.of("jstat", "-gc", Long.toString(pid));
            jstat = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run jstat (a JDK tool) for pid " + pid, e);
        }
        reader = new Thread(this::read, "jstat-" + pid);
        reader.setDaemon(true);
        reader.start();
    }

    static JvmHeapSampler of(long pid) {
        return new JvmHeapSampler(pid, true);
    }

    /** Asks the JVM for a full GC first, so that a run does not inherit the previous run's garbage. */
    public static void fullGc(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run jcmd for pid " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first {@code rows} rows of the JVM's class histogram (jcmd GC.class_histogram): what its heap holds. */
    public static String classHistogram(long pid, int rows) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text.lines().limit(rows + 3L).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run jcmd for pid " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Used heap of the JVM in MiB right now (one {@code jstat -gc} sample); after {@link #fullGc}, its live set. */
    public static long usedMibNow(long pid) {
        try (JvmHeapSampler once = new JvmHeapSampler(pid, false)) {
            once.reader.join(10_000);
            if (once.samples == 0) {
                throw new IllegalStateException("jstat printed no sample for pid " + pid);
            }
            return once.maxUsedMib();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.trim().split("\\s+");
                if (cells.length > 0 && cells[0].equals("S0C")) {
                    header = Arrays.asList(cells);
                    continue;
                }
                if (header == null || cells.length != header.size()) {
                    continue;
                }
                double used = 0;
                for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                    used += Double.parseDouble(cells[header.indexOf(column)]);
                }
                long old = (long) Double.parseDouble(cells[header.indexOf("OU")]);
                synchronized (this) {
                    maxUsedKb = Math.max(maxUsedKb, (long) used);
                    maxOldKb = Math.max(maxOldKb, old);
                    samples++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The sampled JVM exited or jstat was stopped: the peaks so far stand.
        }
    }

    /** The peaks since the start or the last call, in MiB {used heap, old gen}; then starts new peaks. */
    synchronized long[] takePeaksMib() {
        long[] peaks = {maxUsedKb >> 10, maxOldKb >> 10};
        maxUsedKb = 0;
        maxOldKb = 0;
        return peaks;
    }

    long maxUsedMib() {
        return maxUsedKb >> 10;
    }

    long maxOldGenMib() {
        return maxOldKb >> 10;
    }

    int samples() {
        return samples;
    }

    @Override
    public void close() {
        jstat.destroy();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
