package io.clickstream.local;

import io.clickstream.local.connect.ConnectorDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * The part of the progress line that says a Hudi sink has stopped committing: when a sink's last completed commit is
 * older than {@value #DEFAULT_INTERVALS} of its commit intervals ({@value #COMMIT_INTERVAL_KEY}), and than a minute,
 * while it has records not yet committed, its segment gets {@code , no commit for 4m10s (interval 10s)}.
 *
 * <p>The last commit is read from the table's timeline on disk, {@code <table>/.hoodie/timeline}, whose completed
 * instants are files named {@code <requested>_<completed>.commit} ({@code .deltacommit} on MERGE_ON_READ): one
 * directory listing a sink and line, with neither Hudi nor a connection to the worker. That works for both lakes: a
 * {@code file://} table is that directory, and S3Proxy (the filesystem provider) keeps {@code s3a://<bucket>/<key>} as
 * the file {@code <data>/s3/blobs/<bucket>/<key>}. The alternatives are worse here: the sink's commit metrics are JMX
 * in the worker's JVM, which has no remote JMX; Connect's committed offsets carry no commit time and are re-committed
 * on Connect's own schedule. Hudi archives old instants, so the listing stays short.
 *
 * <p>An age counts from the later of the last commit and the moment this watch started: a stack started again after
 * a pause has its sinks' next commit ahead of it, not a stall. A table without a commit yet counts from that moment
 * too.
 */
final class CommitStalls {

    static final int DEFAULT_INTERVALS = 3;
    /**
     * Never a stall before this: a Silver commit of a 10 s interval takes 20-30 s on S3 at 300 events/s (45 s while
     * catching up), and three intervals would flag every one of them.
     */
    static final Duration MIN_STALL = Duration.ofMinutes(1);

    static final String HUDI_SINK_CLASS = "io.clickstream.connect.hudi.HudiSinkConnector";
    /** HudiSinkConfig.COMMIT_INTERVAL_MS and its default (the sink's classes are not on the launcher's classpath). */
    static final String COMMIT_INTERVAL_KEY = "commit.interval.ms";

    static final long DEFAULT_COMMIT_INTERVAL_MS = 15_000;
    static final String TABLE_PATH_KEY = "table.path";
    /** Hudi's table setting for the zone of its instant times: LOCAL (the default, the writer's JVM zone) or UTC. */
    static final String TIMELINE_ZONE_KEY = "hoodie.table.timeline.timezone";

    private static final Pattern COMPLETED = Pattern.compile("\\d+_(\\d{17}|\\d{14})\\.(commit|deltacommit)");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** A Hudi sink: its table's directory on this machine, its commit interval and the topics it reads. */
    record Sink(Path table, Duration interval, Set<String> topics) {
        Sink {
            topics = Set.copyOf(topics);
        }
    }

    private final Map<String, Sink> sinks;
    private final Clock clock;
    private final ZoneId localZone;
    private final int intervals;
    private final Instant since;

    CommitStalls(Map<String, Sink> sinks, Clock clock, ZoneId localZone, int intervals) {
        this.sinks = Map.copyOf(sinks);
        this.clock = clock;
        this.localZone = localZone;
        this.intervals = intervals;
        this.since = clock.instant();
    }

    /**
     * The Hudi sinks among {@code connectors} whose table {@code tableDirs} finds on this machine (a {@code file:}
     * path, or an {@code s3a://} one S3Proxy keeps here), watched from now on.
     */
    static CommitStalls of(Collection<ConnectorDefinition> connectors, Function<String, Optional<Path>> tableDirs) {
        Map<String, Sink> sinks = new LinkedHashMap<>();
        for (ConnectorDefinition c : connectors) {
            String path = c.config().get(TABLE_PATH_KEY);
            if (!HUDI_SINK_CLASS.equals(c.connectorClass()) || path == null) {
                continue;
            }
            Optional<Path> table = tableDirs.apply(path.trim());
            if (table.isPresent()) {
                sinks.put(c.name(), new Sink(table.get(), Duration.ofMillis(interval(c)), topics(c)));
            }
        }
        return new CommitStalls(sinks, Clock.systemUTC(), ZoneId.systemDefault(), DEFAULT_INTERVALS);
    }

    /** A {@code file:} URI or a plain path as a directory; other schemes are not on this machine. */
    static Optional<Path> localTable(String tablePath) {
        if (tablePath.startsWith("file:")) {
            try {
                return Optional.of(Path.of(URI.create(tablePath)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return tablePath.contains("://") ? Optional.empty() : Optional.of(Path.of(tablePath));
    }

    private static Set<String> topics(ConnectorDefinition c) {
        Set<String> topics = new TreeSet<>();
        for (String t : c.config().getOrDefault("topics", "").split(",")) {
            if (!t.isBlank()) {
                topics.add(t.trim());
            }
        }
        return topics;
    }

    private static long interval(ConnectorDefinition c) {
        String value = c.config().get(COMMIT_INTERVAL_KEY);
        try {
            return value == null ? DEFAULT_COMMIT_INTERVAL_MS : Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_COMMIT_INTERVAL_MS; // the sink's validation refuses it; nothing to watch by
        }
    }

    /**
     * The records a watched sink has yet to commit when its consumer group holds no offsets (before its first commit):
     * all its topics hold; 0 for a connector not watched.
     */
    long uncommitted(String connector, Map<TopicPartition, Long> endOffsets) {
        Sink sink = sinks.get(connector);
        if (sink == null) {
            return 0;
        }
        return endOffsets.entrySet().stream()
                .filter(e -> sink.topics().contains(e.getKey().topic()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /**
     * {@code ", no commit for 4m10s (interval 10s)"} when the connector is a watched sink, {@code lag} is above 0 and
     * its last commit (or the watch's start, if later) is more than the allowed intervals ago; else "" (also when the
     * timeline cannot be listed).
     */
    String segment(String connector, long lag) {
        Sink sink = sinks.get(connector);
        if (sink == null || lag <= 0) {
            return "";
        }
        Optional<Instant> last;
        try {
            last = lastCommit(sink.table());
        } catch (UncheckedIOException | DateTimeException e) {
            // a timeline that cannot be listed (or a name that is no time) says nothing, not a stall it cannot tell
            return "";
        }
        Instant from = last.filter(since::isBefore).orElse(since);
        Duration age = Duration.between(from, clock.instant());
        Duration allowed = sink.interval().multipliedBy(intervals);
        if (age.compareTo(allowed.compareTo(MIN_STALL) < 0 ? MIN_STALL : allowed) <= 0) {
            return "";
        }
        return ", no commit for " + text(age) + " (interval " + text(sink.interval()) + ")";
    }

    /** When the table's last commit (or delta commit) completed, by its timeline's file names; empty without one. */
    Optional<Instant> lastCommit(Path table) {
        Path timeline = table.resolve(".hoodie").resolve("timeline");
        Optional<String> newest;
        try (Stream<Path> files = Files.list(timeline)) {
            newest = files.map(f -> COMPLETED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .max((a, b) -> compareInstants(a, b));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the timeline " + timeline, e);
        }
        return newest.map(t -> parse(t, zone(table)));
    }

    /** Hudi instant times of either length, by the time they name (a 14-digit one lacks the milliseconds). */
    private static int compareInstants(String a, String b) {
        return (a.length() == 14 ? a + "000" : a).compareTo(b.length() == 14 ? b + "000" : b);
    }

    private static Instant parse(String hudiTime, ZoneId zone) {
        DateTimeFormatter format = hudiTime.length() == 14 ? SECONDS : MILLIS;
        return LocalDateTime.parse(hudiTime, format).atZone(zone).toInstant();
    }

    /** The zone the table's instant times are in: UTC if {@code hoodie.properties} says so, else the local zone. */
    private ZoneId zone(Path table) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(table.resolve(".hoodie").resolve("hoodie.properties"))) {
            props.load(in);
        } catch (IOException e) {
            return localZone;
        }
        String zone = props.getProperty(TIMELINE_ZONE_KEY, "LOCAL").trim();
        try {
            return "LOCAL".equalsIgnoreCase(zone)
                    ? localZone
                    : "UTC".equalsIgnoreCase(zone) ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return localZone;
        }
    }

    /** {@code 250ms}, {@code 1.5s}, {@code 10s}, {@code 4m10s}, {@code 2h05m}. */
    static String text(Duration d) {
        long millis = d.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis % 1_000 == 0 ? millis / 1_000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1_000.0);
        }
        long seconds = d.toSeconds();
        if (seconds < 3_600) {
            return seconds / 60 + "m" + String.format(Locale.ROOT, "%02ds", seconds % 60);
        }
        return seconds / 3_600 + "h" + String.format(Locale.ROOT, "%02dm", seconds % 3_600 / 60);
    }
}
