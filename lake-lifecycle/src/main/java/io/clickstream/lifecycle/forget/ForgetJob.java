package io.clickstream.lifecycle.forget;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.gold.erase.GoldErasure;
import io.clickstream.gold.publish.KafkaGoldPublisher;
import io.clickstream.lifecycle.replay.ConnectorFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets users in the lake: adds them to the suppressed users file the parse transform reads (so a redelivery, an
 * offset reset or a replay never brings them back), then deletes their rows from each sink's table ({@link
 * TablePurge}), and with {@code --jdbc-url} their Gold sessions ({@link GoldErasure}), publishing a tombstone for each
 * to the sessions topic with {@code --kafka-bootstrap}.
 *
 * <pre>spark-submit --class io.clickstream.lifecycle.forget.ForgetJob lake-lifecycle.jar --user-id U
 *     --suppression-file /shared/suppressed-users.txt --connector bronze.json --connector silver.json ...</pre>
 */
public final class ForgetJob {

    private static final Logger LOG = LoggerFactory.getLogger(ForgetJob.class);

    private ForgetJob() {}

    /** What a request did. */
    public record Summary(String requestId, Set<String> added, List<TablePurge.Result> tables, int goldSessions) {

        String describe() {
            StringBuilder text = new StringBuilder(
                    "forget " + requestId + ": " + added.size() + " ids added to the suppressed users;");
            for (TablePurge.Result r : tables) {
                text.append(' ')
                        .append(r.table())
                        .append(' ')
                        .append(r.rows())
                        .append(" rows deleted")
                        .append(r.instant() == null ? "" : " (instant " + r.instant() + ")")
                        .append(';');
            }
            if (goldSessions >= 0) {
                text.append(" gold.sessions ").append(goldSessions).append(" sessions deleted;");
            }
            return text.toString();
        }
    }

    public static void main(String[] args) {
        ForgetConfig config;
        try {
            config = ForgetConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("forget: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark =
                SparkSession.builder().appName("clickstream-forget").getOrCreate();
        int exit = 0;
        try {
            System.out.println(run(spark, config).describe());
        } catch (IllegalArgumentException e) {
            System.err.println("forget: " + e.getMessage());
            exit = 2;
        } catch (RuntimeException e) {
            LOG.error("Forget failed", e);
            System.err.println("forget failed: " + e);
            exit = 1;
        }
        spark.stop();
        System.exit(exit);
    }

    public static Summary run(SparkSession spark, ForgetConfig config) {
        List<HudiSinkConfig> sinks = new ArrayList<>();
        for (var file : config.connectors()) {
            sinks.add(new HudiSinkConfig(ConnectorFile.read(file).config()));
        }
        String requestId = UUID.randomUUID().toString();
        Set<String> added;
        try {
            // first: from now on no new row of theirs is written, so the deletes below cannot be overtaken
            added = SuppressionFile.add(config.suppressionFile(), config.userIds());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the ids to " + config.suppressionFile(), e);
        }
        if (config.settleMs() > 0) {
            LOG.info("Waiting {} ms for the sinks to commit what they read before the list changed", config.settleMs());
            try {
                Thread.sleep(config.settleMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before the deletes; the users are suppressed", e);
            }
        }
        List<TablePurge.Result> results = new ArrayList<>();
        for (HudiSinkConfig sink : sinks) {
            TablePurge.Result result = TablePurge.purge(
                    spark,
                    sink,
                    config.userIds(),
                    TablePurge.metadata(requestId, config.userIds().size()),
                    config.lockTimeoutMs());
            LOG.info("Forget {}: {} rows deleted from {}", requestId, result.rows(), result.table());
            results.add(result);
        }
        int goldSessions = config.jdbcUrl() == null ? -1 : eraseGold(config);
        return new Summary(requestId, added, results, goldSessions);
    }

    /** Deletes the users' Gold sessions, then publishes their tombstones; fails loudly if Gold cannot be reached. */
    private static int eraseGold(ForgetConfig config) {
        List<String> sessions;
        try (Connection connection = DriverManager.getConnection(
                config.jdbcUrl(), config.jdbcUser(), System.getenv(ForgetConfig.PASSWORD_ENV))) {
            sessions = GoldErasure.deleteSessions(connection, config.userIds());
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot delete the users' sessions from Gold at " + config.jdbcUrl() + " (" + e.getMessage()
                            + "); the lake is purged, run the request again to erase Gold",
                    e);
        }
        if (config.kafkaBootstrap() != null && !sessions.isEmpty()) {
            try {
                KafkaGoldPublisher.publishSessionTombstones(
                        config.kafkaBootstrap(), config.kafkaTopicPrefix(), sessions);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted publishing the sessions' tombstones", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "Gold's sessions " + sessions + " are deleted but their tombstones could "
                                + "not be published to " + config.kafkaBootstrap() + " (" + e.getCause()
                                + "); delete them "
                                + "from the sessions topic's consumers by hand",
                        e);
            }
        }
        return sessions.size();
    }
}
