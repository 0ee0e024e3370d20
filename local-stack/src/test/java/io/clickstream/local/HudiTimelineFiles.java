package io.clickstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The commits of a copy-on-write Hudi table as the file names of its timeline directory ({@code .hoodie/timeline},
 * table version 8 and later) show them: {@code <instant>.inflight} while the commit is written,
 * {@code <instant>_<completion>.commit} once it completed. Read from the directory, not through Hudi, so that a test
 * sees the timeline without the writer's code; a missing directory is an empty timeline.
 */
final class HudiTimelineFiles {

    private static final Pattern INFLIGHT = Pattern.compile("(\\d+)\\.inflight");
    private static final Pattern COMPLETED = Pattern.compile("(\\d+)_\\d+\\.commit");

    private HudiTimelineFiles() {}

    /** The instants of the completed commits. */
    static Set<String> completedCommits(Path timeline) {
        return instants(timeline, COMPLETED);
    }

    /** The instants of the commits in flight: started (inflight file) and not completed. */
    static Set<String> inflightCommits(Path timeline) {
        Set<String> completed = completedCommits(timeline);
        return instants(timeline, INFLIGHT).stream()
                .filter(i -> !completed.contains(i))
                .collect(Collectors.toSet());
    }

    /**
     * Waits until a commit other than {@code earlier} is in flight (written, not completed) and returns its instant;
     * fails after {@code timeout} with {@code context}.
     */
    static String awaitInflightCommit(Path timeline, Set<String> earlier, Duration timeout, Supplier<String> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> inflight = inflightCommits(timeline).stream()
                    .filter(i -> !earlier.contains(i))
                    .findFirst();
            if (inflight.isPresent()) {
                return inflight.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "No commit in flight under " + timeline + " within " + timeout.toSeconds() + " s; " + context.get());
    }

    private static Set<String> instants(Path timeline, Pattern name) {
        if (!Files.isDirectory(timeline)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(timeline)) {
            return files.map(f -> name.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .collect(Collectors.toSet());
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the timeline " + timeline, e);
        }
    }
}
