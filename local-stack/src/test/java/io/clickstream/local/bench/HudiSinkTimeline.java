package io.clickstream.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The completed instants of a Hudi table (1.x timeline layout) read from their file names, without Hudi on the
 * classpath: {@code .hoodie/timeline/<requested>_<completed>.<action>}. A commit's duration is completed − requested;
 * the gaps between commits are what the sink spends outside Hudi (waiting for the interval, staging, reading chunks).
 */
record HudiSinkTimeline(List<Instant> instants) {

    /** One completed instant; times in epoch ms (Hudi writes them in the JVM's local zone, as does this reader). */
    record Instant(long requested, long completed, String action) {
        long millis() {
            return completed - requested;
        }
    }

    private static final Pattern COMPLETED = Pattern.compile("(\\d{17})_(\\d{17})\\.(\\w+)");
    private static final DateTimeFormatter HUDI_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    static HudiSinkTimeline of(Path table) {
        Path dir = table.resolve(".hoodie/timeline");
        List<Instant> instants = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = COMPLETED.matcher(f.getFileName().toString());
                if (m.matches()) {
                    instants.add(new Instant(epochMillis(m.group(1)), epochMillis(m.group(2)), m.group(3)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        instants.sort((a, b) -> Long.compare(a.requested(), b.requested()));
        return new HudiSinkTimeline(List.copyOf(instants));
    }

    private static long epochMillis(String hudiTime) {
        return LocalDateTime.parse(hudiTime, HUDI_TIME)
                .atZone(ZoneId.systemDefault())
                .toInstant()
                .toEpochMilli();
    }

    /** Instants that wrote data: {@code commit} on COW, {@code deltacommit} on MOR (where compactions are commits). */
    List<Instant> dataCommits() {
        String action = count("deltacommit") > 0 ? "deltacommit" : "commit";
        return instants.stream().filter(i -> i.action().equals(action)).toList();
    }

    /** Durations of the data commits in ms, oldest first. */
    List<Long> commitMillis() {
        return dataCommits().stream().map(Instant::millis).toList();
    }

    /** Sum of the idle time between one data commit's end and the next one's start. */
    long gapMillis() {
        List<Instant> commits = dataCommits();
        long gaps = 0;
        for (int i = 1; i < commits.size(); i++) {
            gaps += Math.max(0, commits.get(i).requested() - commits.get(i - 1).completed());
        }
        return gaps;
    }

    long count(String action) {
        return instants.stream().filter(i -> i.action().equals(action)).count();
    }
}
