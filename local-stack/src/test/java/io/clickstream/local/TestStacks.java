package io.clickstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh data directories for integration tests, under {@code target/test-data} (kept after the run for its logs). */
public final class TestStacks {

    private TestStacks() {}

    static Path freshDataDir(String name) {
        Path root = Path.of(System.getProperty("clickstream.test.data", "target/test-data"));
        Path dir = root.resolve(name);
        deleteRecursively(dir);
        return dir;
    }

    static LocalStack.Builder builder(String name) {
        return LocalStack.builder().dataDir(freshDataDir(name)).kafkaPort(0).connectPort(0);
    }

    /** Deletes {@code dir} and everything below it; nothing if it does not exist. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
