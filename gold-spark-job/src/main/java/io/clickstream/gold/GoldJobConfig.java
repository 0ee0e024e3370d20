package io.clickstream.gold;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Gold job's settings: {@code --name value} (or {@code --name=value}) arguments, each also settable as the
 * Spark property {@code spark.clickstream.gold.<name>} ({@code --conf} of spark-submit); an argument wins over a
 * property. Every setting is checked at start: a bad one throws {@link IllegalArgumentException} naming it.
 *
 * <p>The PostgreSQL password is read from the environment variable named by {@value #PASSWORD_ENV} (default
 * {@value #DEFAULT_PASSWORD_ENV}) or from the file {@value #PASSWORD_FILE}; it is never an argument (argv is
 * visible to every user of the machine and in Spark's UI) and never printed: {@link #toString()} omits it.
 */
public final class GoldJobConfig {

    public static final String PROPERTY_PREFIX = "spark.clickstream.gold.";

    public static final String SILVER_PATH = "silver-path";
    public static final String CHECKPOINT = "checkpoint";
    public static final String JDBC_URL = "jdbc-url";
    public static final String JDBC_USER = "jdbc-user";
    public static final String PASSWORD_ENV = "jdbc-password-env";
    public static final String PASSWORD_FILE = "jdbc-password-file";
    public static final String SESSION_GAP = "session-gap";
    public static final String WATERMARK = "watermark";
    public static final String TRIGGER = "trigger";
    public static final String CLOSE_CHECK_MIN = "close-check-min";
    public static final String CLOSE_CHECK_MAX = "close-check-max";
    public static final String STATE_PARTITIONS = "state-partitions";
    public static final String LOAD_ATTEMPTS = "load-attempts";
    public static final String LOAD_BACKOFF = "load-backoff";
    public static final String TABLE_WAIT = "table-wait";
    public static final String KAFKA_BOOTSTRAP = "kafka-bootstrap";
    public static final String KAFKA_TOPIC_PREFIX = "kafka-topic-prefix";
    public static final String DEAD_LETTER_PATH = "dead-letter-path";

    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String DEFAULT_JDBC_USER = "gold";
    public static final String DEFAULT_PASSWORD_ENV = "GOLD_JDBC_PASSWORD";
    public static final Duration DEFAULT_SESSION_GAP = Duration.ofMinutes(30);
    public static final Duration DEFAULT_WATERMARK = Duration.ofMinutes(10);
    /**
     * Every trigger runs a micro-batch, with rows or without (the sessionizer's processing-time timeouts), and an idle
     * one costs ~1.4 CPU s at 50,000 users whatever it finds: at 2 s that was most of the job's CPU. 5 s cut the job's
     * CPU by a third at 1,000 events/s for ~1.5 s more wait on average (docs/benchmarks.md, "Gold's idle micro-batches").
     */
    public static final Duration DEFAULT_TRIGGER = Duration.ofSeconds(5);

    public static final Duration DEFAULT_CLOSE_CHECK_MIN = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CLOSE_CHECK_MAX = Duration.ofSeconds(30);
    public static final int DEFAULT_STATE_PARTITIONS = 8;
    public static final int DEFAULT_LOAD_ATTEMPTS = 10;
    public static final Duration DEFAULT_LOAD_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TABLE_WAIT = Duration.ofSeconds(2);
    /** Topics are {@code <prefix><table>}: gold_sessions, gold_country_minute, ... */
    public static final String DEFAULT_KAFKA_TOPIC_PREFIX = "gold_";

    /** Every setting with its documentation (printed by {@code --help}). */
    public static final Map<String, String> DOCS = docs();

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}");
    /** Kafka's legal topic characters, without the dot: a JDBC sink turns dots into underscores in table names. */
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private final Map<String, String> values;
    private final String password;

    private GoldJobConfig(Map<String, String> values, String password) {
        this.values = values;
        this.password = password;
    }

    /**
     * Parses {@code args} over {@code properties} (the Spark properties without their prefix) and reads the
     * password with {@code env}.
     */
    public static GoldJobConfig parse(List<String> args, Map<String, String> properties, Function<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(properties);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': settings are --name value");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, value);
        }
        for (String name : values.keySet()) {
            if (name.contains("password") && !name.equals(PASSWORD_ENV) && !name.equals(PASSWORD_FILE)) {
                throw new IllegalArgumentException("--" + name + ": a password is never passed as an argument; "
                        + "set the environment variable named by --" + PASSWORD_ENV + " (default "
                        + DEFAULT_PASSWORD_ENV + ") or --" + PASSWORD_FILE);
            }
            if (!DOCS.containsKey(name)) {
                throw new IllegalArgumentException("--" + name + ": unknown setting; known: " + DOCS.keySet());
            }
        }
        GoldJobConfig config = new GoldJobConfig(values, null);
        String url = config.jdbcUrl();
        if (url.toLowerCase().contains("password=")) {
            throw new IllegalArgumentException(
                    "--" + JDBC_URL + ": holds a password; use the environment or --" + PASSWORD_FILE);
        }
        config.validate();
        return new GoldJobConfig(values, config.readPassword(env));
    }

    private void validate() {
        silverPath();
        checkpoint();
        if (!jdbcUrl().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--" + JDBC_URL + ": '" + jdbcUrl() + "' is not a jdbc:postgresql: URL");
        }
        positive(SESSION_GAP, sessionGap());
        Duration watermark = duration(WATERMARK, DEFAULT_WATERMARK);
        if (watermark.isNegative()) {
            throw new IllegalArgumentException("--" + WATERMARK + ": must not be negative");
        }
        positive(TRIGGER, trigger());
        positive(CLOSE_CHECK_MIN, closeCheckMin());
        if (closeCheckMax().compareTo(closeCheckMin()) < 0) {
            throw new IllegalArgumentException("--" + CLOSE_CHECK_MAX + ": " + closeCheckMax() + " is below --"
                    + CLOSE_CHECK_MIN + " " + closeCheckMin());
        }
        statePartitions();
        loadAttempts();
        positive(LOAD_BACKOFF, loadBackoff());
        positive(TABLE_WAIT, tableWait());
        kafkaBootstrap().ifPresent(servers -> {
            for (String server : servers.split(",")) {
                if (!HOST_PORT.matcher(server.trim()).matches()) {
                    throw new IllegalArgumentException("--" + KAFKA_BOOTSTRAP + ": '" + server
                            + "' is not host:port (a comma-separated list of Kafka brokers)");
                }
            }
        });
        if (!TOPIC_PREFIX.matcher(kafkaTopicPrefix()).matches()) {
            throw new IllegalArgumentException("--" + KAFKA_TOPIC_PREFIX + ": '" + kafkaTopicPrefix()
                    + "' may hold only letters, digits, '_' and '-' (no dot: sinks map dots to '_' in table names)");
        }
        if (values.containsKey(KAFKA_TOPIC_PREFIX) && kafkaBootstrap().isEmpty()) {
            throw new IllegalArgumentException("--" + KAFKA_TOPIC_PREFIX + " is set but --" + KAFKA_BOOTSTRAP
                    + " is not: nothing would be published");
        }
    }

    private String readPassword(Function<String, String> env) {
        String file = values.get(PASSWORD_FILE);
        if (file != null) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("--" + PASSWORD_FILE + ": cannot read " + file + ": " + e, e);
            }
        }
        return env.apply(values.getOrDefault(PASSWORD_ENV, DEFAULT_PASSWORD_ENV));
    }

    public String silverPath() {
        return required(SILVER_PATH);
    }

    public String checkpoint() {
        return required(CHECKPOINT);
    }

    public String jdbcUrl() {
        return values.getOrDefault(JDBC_URL, DEFAULT_JDBC_URL);
    }

    public String jdbcUser() {
        return values.getOrDefault(JDBC_USER, DEFAULT_JDBC_USER);
    }

    /** The password, or null when neither the environment nor a file gives one (trust authentication). */
    public String password() {
        return password;
    }

    public Duration sessionGap() {
        return duration(SESSION_GAP, DEFAULT_SESSION_GAP);
    }

    public Duration watermark() {
        return duration(WATERMARK, DEFAULT_WATERMARK);
    }

    public Duration trigger() {
        return duration(TRIGGER, DEFAULT_TRIGGER);
    }

    public Duration closeCheckMin() {
        return duration(CLOSE_CHECK_MIN, DEFAULT_CLOSE_CHECK_MIN);
    }

    public Duration closeCheckMax() {
        return duration(CLOSE_CHECK_MAX, DEFAULT_CLOSE_CHECK_MAX);
    }

    public int statePartitions() {
        return positiveInt(STATE_PARTITIONS, DEFAULT_STATE_PARTITIONS);
    }

    public int loadAttempts() {
        return positiveInt(LOAD_ATTEMPTS, DEFAULT_LOAD_ATTEMPTS);
    }

    public Duration loadBackoff() {
        return duration(LOAD_BACKOFF, DEFAULT_LOAD_BACKOFF);
    }

    public Duration tableWait() {
        return duration(TABLE_WAIT, DEFAULT_TABLE_WAIT);
    }

    /** The Kafka brokers to publish every changed Gold row to; empty (the default) publishes nothing. */
    public Optional<String> kafkaBootstrap() {
        String value = values.get(KAFKA_BOOTSTRAP);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The dead-letter lake table to load into {@code gold.dead_letters}; empty (the default) loads none. */
    public Optional<String> deadLetterPath() {
        String value = values.get(DEAD_LETTER_PATH);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String kafkaTopicPrefix() {
        return values.getOrDefault(KAFKA_TOPIC_PREFIX, DEFAULT_KAFKA_TOPIC_PREFIX);
    }

    private String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required: " + DOCS.get(name));
        }
        return value;
    }

    private Duration duration(String name, Duration defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "--" + name + ": '" + value + "' is not a duration (a whole number with ms, s, m or h, e.g. 30m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private int positiveInt(String name, int defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + value + "' is not a whole number of at least 1");
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("--" + name + ": must be above zero");
        }
    }

    private static Map<String, String> docs() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(SILVER_PATH, "Silver Hudi table to read as a stream (path or URI). Required.");
        d.put(CHECKPOINT, "Checkpoint directory of the streaming query; a restart resumes from it. Required.");
        d.put(JDBC_URL, "PostgreSQL JDBC URL of the Gold database. Default " + DEFAULT_JDBC_URL + ".");
        d.put(JDBC_USER, "PostgreSQL user (owns schema gold). Default " + DEFAULT_JDBC_USER + ".");
        d.put(
                PASSWORD_ENV,
                "Name of the environment variable holding the password. Default " + DEFAULT_PASSWORD_ENV
                        + "; unset means no password (trust).");
        d.put(PASSWORD_FILE, "File whose content (trimmed) is the password; wins over the environment.");
        d.put(SESSION_GAP, "Inactivity that ends a session, in event time. Default 30m.");
        d.put(
                WATERMARK,
                "How far behind the newest event time an event may arrive and still count; later ones are "
                        + "counted as late. Sessions close this long after their gap ends. Default 10m.");
        d.put(TRIGGER, "Micro-batch interval. Default 5s.");
        d.put(
                CLOSE_CHECK_MIN,
                "Least processing time between checks whether an idle user's session can close. " + "Default 2s.");
        d.put(
                CLOSE_CHECK_MAX,
                "Most processing time between those checks: a session closes at most this long after "
                        + "the watermark passes it. Default 30s.");
        d.put(
                STATE_PARTITIONS,
                "Partitions of the sessionization state (fixed by the first run of a checkpoint). " + "Default 8.");
        d.put(LOAD_ATTEMPTS, "Attempts to write one batch to PostgreSQL before the job fails. Default 10.");
        d.put(LOAD_BACKOFF, "Wait after the first failed attempt, doubling up to 30s. Default 1s.");
        d.put(TABLE_WAIT, "Poll interval while the Silver table does not exist yet. Default 2s.");
        d.put(
                KAFKA_BOOTSTRAP,
                "Kafka brokers (host:port,...): after each batch commits in PostgreSQL, every session "
                        + "and per-minute row it changed is published, keyed by its primary key, as Connect JSON with schema "
                        + "(for a JDBC sink connector, connectors/gold-jdbc-sink.json). Needs kafka-clients and connect-json "
                        + "on the classpath. Default: none, nothing is published.");
        d.put(
                KAFKA_TOPIC_PREFIX,
                "Prefix of the topics, one per table (<prefix>sessions, <prefix>country_minute, "
                        + "<prefix>page_minute, <prefix>funnel_minute, <prefix>bot_minute). Default "
                        + DEFAULT_KAFKA_TOPIC_PREFIX + ".");
        d.put(
                DEAD_LETTER_PATH,
                "Dead-letter lake table (connectors/dead-letter-hudi-sink.json) to read as a second "
                        + "stream into gold.dead_letters, once it exists (path or URI). Default: none.");
        return Collections.unmodifiableMap(d);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(values);
        shown.remove(PASSWORD_FILE);
        return "GoldJobConfig" + shown + (password == null ? " (no password)" : " (password set)");
    }
}
