package io.clickstream.lifecycle.forget;

import io.clickstream.connect.text.TextChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The forget job's settings: {@code --user-id ID} (repeatable), {@code --suppression-file F}, {@code --connector F}. */
public record ForgetConfig(
        Set<String> userIds,
        Path suppressionFile,
        List<Path> connectors,
        long lockTimeoutMs,
        String jdbcUrl,
        String jdbcUser,
        String kafkaBootstrap,
        String kafkaTopicPrefix,
        long settleMs) {

    /** The environment variable holding Gold's database password, as for the Gold job. */
    static final String PASSWORD_ENV = "GOLD_JDBC_PASSWORD";

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
            --jdbc-url URL         Gold's database: the users' sessions are deleted from gold.sessions
                                   (password from the environment variable GOLD_JDBC_PASSWORD, if any)
            --jdbc-user USER       [gold]
            --kafka-bootstrap B    with --jdbc-url: publish a tombstone for each deleted session to the sessions
                                   topic the Gold job publishes to (its JDBC sink then deletes them too)
            --kafka-topic-prefix P [gold_]
            --settle-ms N          wait this long after suppressing before deleting, so that events the running
                                   sinks read before their transforms saw the new list are committed first
                                   (the transforms' check interval + the sinks' commit interval + a commit) [0]
            """;

    public static ForgetConfig parse(String... args) {
        Set<String> ids = new LinkedHashSet<>();
        Path suppression = null;
        List<Path> connectors = new ArrayList<>();
        long lockTimeout = 120_000L;
        String jdbcUrl = null;
        String jdbcUser = "gold";
        String bootstrap = null;
        String prefix = "gold_";
        long settle = 0;
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
                case "--jdbc-url" -> jdbcUrl = value;
                case "--jdbc-user" -> jdbcUser = value;
                case "--kafka-bootstrap" -> bootstrap = value;
                case "--kafka-topic-prefix" -> prefix = value;
                case "--settle-ms" -> {
                    try {
                        settle = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        settle = -1;
                    }
                    if (settle < 0) {
                        throw new IllegalArgumentException(
                                "--settle-ms: '" + value + "' is not a number of at least 0");
                    }
                }
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
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url: not a jdbc:postgresql: URL");
        }
        if (jdbcUrl != null && jdbcUrl.contains("password")) {
            throw new IllegalArgumentException(
                    "--jdbc-url holds a password: use the environment variable " + PASSWORD_ENV);
        }
        if (bootstrap != null && jdbcUrl == null) {
            throw new IllegalArgumentException(
                    "--kafka-bootstrap publishes the tombstones of Gold's deleted sessions: " + "it needs --jdbc-url");
        }
        if (connectors.isEmpty() && jdbcUrl == null) {
            throw new IllegalArgumentException(
                    "--connector or --jdbc-url is required (the tables that hold the users)");
        }
        return new ForgetConfig(
                ids, suppression, connectors, lockTimeout, jdbcUrl, jdbcUser, bootstrap, prefix, settle);
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
