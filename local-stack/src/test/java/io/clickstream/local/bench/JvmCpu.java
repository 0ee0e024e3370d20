package io.clickstream.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of a Linux process by thread name, from {@code /proc/PID/task/TID/stat} (utime + stime in clock ticks)
 * and {@code comm} (the JVM sets it to the first 15 characters of the Java thread's name). The difference of two
 * snapshots shows where a worker's CPU went during a run: the task thread (fetch, convert, stage), the coordinator
 * (read chunks, Hudi write), GC ({@code VM Thread} with the serial collector), the JIT ({@code C2 CompilerThre}).
 */
final class JvmCpu {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private JvmCpu() {}

    /** CPU seconds so far by thread name; threads that exited are not counted (a difference may miss them). */
    static Map<String, Double> snapshot(long pid) {
        Map<String, Double> byName = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("-?\\d+$", "");
                    // Fields after the ")" that closes the name: state is field 3, utime 14, stime 15.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    byName.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread exited meanwhile
                }
            });
        } catch (IOException e) {
            return Map.of(); // not Linux, or the process is gone
        }
        return byName;
    }

    /** CPU seconds of the whole process so far (all its threads, also those that exited); 0 when it is gone. */
    static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU seconds of a process and its children so far: its own utime + stime, the children it has reaped (cutime +
     * cstime) and the live ones (e.g. PostgreSQL's postmaster and its backends); 0 when it is gone.
     */
    static double treeSeconds(long pid) {
        double seconds = 0;
        try {
            String[] f = fields(Path.of("/proc", Long.toString(pid), "stat"));
            seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path p :
                    all.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String[] f = fields(p.resolve("stat"));
                    if (Long.parseLong(f[1]) == pid) { // field 4, ppid
                        seconds += treeSeconds(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            // /proc unreadable: the process's own figure
        }
        return seconds;
    }

    /** The fields of a /proc stat line after the ")" that closes the name: state is [0], ppid [1], utime [11]. */
    private static String[] fields(Path stat) throws IOException {
        String line = Files.readString(stat);
        return line.substring(line.lastIndexOf(')') + 2).split(" ");
    }

    /**
     * CPU seconds so far by full Java thread name, from {@code jcmd PID Thread.print} ({@code cpu=...ms} per thread);
     * empty if jcmd fails. Unlike {@link #snapshot} it tells apart names longer than 15 characters, such as two
     * connectors' task threads.
     */
    static Map<String, Double> javaThreads(long pid) {
        Map<String, Double> byName = new HashMap<>();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\"(.*)\" .*cpu=([0-9.]+)ms.*");
            try (var reader = p.inputReader()) {
                reader.lines().forEach(l -> {
                    java.util.regex.Matcher m = line.matcher(l);
                    if (m.matches()) {
                        byName.merge(m.group(1), Double.parseDouble(m.group(2)) / 1000.0, Double::sum);
                    }
                });
            }
            p.waitFor();
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return byName;
    }

    /** "name 12.3 s, ..." for the threads that used the most CPU between the snapshots, with the total. */
    static String difference(Map<String, Double> before, Map<String, Double> after, int top) {
        Map<String, Double> delta = new HashMap<>();
        after.forEach((name, s) -> delta.put(name, s - before.getOrDefault(name, 0.0)));
        double total = delta.values().stream()
                .mapToDouble(Double::doubleValue)
                .filter(d -> d > 0)
                .sum();
        return String.format(Locale.ROOT, "%.1f s in all; ", total)
                + delta.entrySet().stream()
                        .filter(e -> e.getValue() > 0.05)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .limit(top)
                        .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
    }
}
