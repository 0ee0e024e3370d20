package io.clickstream.lifecycle.forget;

import io.clickstream.connect.text.TextChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The forget job's settings: {@code --user-id ID} (repeatable), {@code --suppression-file F}, {@code --connector F}. */
public record ForgetConfig(Set<String> userIds, Path suppressionFile, List<Path> connectors, long lockTimeoutMs) {

    /** Ids per request: each becomes a term of the filter Spark runs over every table. */
    static final int MAX_IDS = 10_000;
    /** Longer ids name no user Silver accepts (max.string.length's default). */
    static final int MAX_ID_LENGTH = 256;

    static final String USAGE = """
            --user-id ID           a user to forget (repeat it for more, at most 10,000)
            --suppression-file F   the file the parse transform's suppressed.users.path names: the ids are added to it
            --connector F          a sink connector's JSON (Bronze, Silver, dead letters): its table is purged
                                   (repeat it for each table)
            --lock-timeout-ms N    how long to wait for a sink's commit lock [120000]
            """;

    public static ForgetConfig parse(String... args) {
        Set<String> ids = new LinkedHashSet<>();
        Path suppression = null;
        List<Path> connectors = new ArrayList<>();
        long lockTimeout = 120_000L;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--user-id" -> ids.add(checkedId(value));
                case "--suppression-file" -> suppression = Path.of(value);
                case "--connector" -> connectors.add(Path.of(value));
                case "--lock-timeout-ms" -> {
                    try {
                        lockTimeout = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        lockTimeout = -1;
                    }
                    if (lockTimeout < 1) {
                        throw new IllegalArgumentException(
                                "--lock-timeout-ms: '" + value + "' is not a positive number");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option + "; options:\n" + USAGE);
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("--user-id is required");
        }
        if (ids.size() > MAX_IDS) {
            throw new IllegalArgumentException(ids.size() + " user ids: at most " + MAX_IDS + " per request");
        }
        if (suppression == null) {
            throw new IllegalArgumentException("--suppression-file is required: without it a redelivery or a replay "
                    + "would bring the users back");
        }
        if (connectors.isEmpty()) {
            throw new IllegalArgumentException("--connector is required (the sinks whose tables hold the users)");
        }
        return new ForgetConfig(ids, suppression, connectors, lockTimeout);
    }

    private static String checkedId(String id) {
        String trimmed = id.strip();
        if (trimmed.isEmpty()
                || trimmed.length() > MAX_ID_LENGTH
                || TextChecks.unstorable(trimmed) >= 0
                || trimmed.startsWith("#")) {
            throw new IllegalArgumentException("--user-id: not a user id Silver accepts (1 to " + MAX_ID_LENGTH
                    + " characters, no control characters, not starting with #)");
        }
        return trimmed;
    }
}
