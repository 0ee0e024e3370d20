package io.clickstream.simulator;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the clickstream simulator: every key, its default, its validator and its documentation. */
public final class ClickstreamSourceConfig extends AbstractConfig {

    public static final String TOPIC = "topic";
    public static final String EVENTS_PER_SECOND = "events.per.second";
    public static final String MAX_EVENTS = "max.events";
    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String USERS_CONCURRENT = "users.concurrent";
    public static final String USERS_POPULATION = "users.population";
    public static final String SESSION_MEAN_PAGE_VIEWS = "session.mean.page.views";
    public static final String SESSION_INACTIVITY_TIMEOUT_MS = "session.inactivity.timeout.ms";
    public static final String THINK_TIME_MEAN_MS = "think.time.mean.ms";
    public static final String BOUNCE_PROBABILITY = "bounce.probability";
    public static final String CONVERSION_RATE = "conversion.rate";
    public static final String BOT_SHARE = "bot.share";
    public static final String CATALOG_PRODUCTS = "catalog.products";
    public static final String SEED = "seed";
    public static final String CLOCK = "clock";
    public static final String CLOCK_START = "clock.start";
    public static final String LATE_EVENT_SHARE = "late.event.share";
    public static final String LATE_EVENT_MAX_DELAY_MS = "late.event.max.delay.ms";
    public static final String DUPLICATE_SHARE = "duplicate.share";
    public static final String MALFORMED_SHARE = "malformed.share";
    public static final String IP_UNKNOWN_SHARE = "ip.unknown.share";
    public static final String IPV6_SHARE = "ipv6.share";
    public static final String PROGRESS_LOG_INTERVAL_MS = "progress.log.interval.ms";
    public static final String RECORD_TIMESTAMP = "record.timestamp";

    public static final String CLOCK_WALL = "wall";
    public static final String CLOCK_SIMULATED = "simulated";
    public static final String RECORD_TIMESTAMP_AUTO = "auto";
    public static final String RECORD_TIMESTAMP_EVENT = "event";
    public static final String RECORD_TIMESTAMP_PRODUCE = "produce";

    private static final String OUTPUT = "Output";
    private static final String TRAFFIC = "Traffic";
    private static final String TIME = "Time";
    private static final String FAULTS = "Data quality faults";

    public static final ConfigDef CONFIG_DEF = configDef();

    public ClickstreamSourceConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        Map<String, String> errors = crossFieldErrors(values());
        if (!errors.isEmpty()) {
            Map.Entry<String, String> first = errors.entrySet().iterator().next();
            throw new ConfigException(first.getKey(), get(first.getKey()), first.getValue());
        }
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(
                TOPIC,
                Type.STRING,
                "clickstream_events",
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                "Topic the events are written to (key: session_id, value: the event's JSON text).",
                OUTPUT,
                ++order,
                Width.MEDIUM,
                "Topic");
        def.define(
                EVENTS_PER_SECOND,
                Type.DOUBLE,
                50.0,
                Range.atLeast(0),
                Importance.HIGH,
                "Events per second for the whole connector, split evenly across tasks; 0 means as fast as possible.",
                OUTPUT,
                ++order,
                Width.SHORT,
                "Events per second");
        def.define(
                MAX_EVENTS,
                Type.LONG,
                0L,
                Range.atLeast(0),
                Importance.MEDIUM,
                "Records to produce in total across tasks (duplicates and malformed records count), after which the "
                        + "tasks go idle; 0 means unlimited.",
                OUTPUT,
                ++order,
                Width.SHORT,
                "Max events");
        def.define(
                BATCH_MAX_RECORDS,
                Type.INT,
                1000,
                Range.between(1, 100_000),
                Importance.LOW,
                "Most records returned by one poll (one exactly-once transaction at most).",
                OUTPUT,
                ++order,
                Width.SHORT,
                "Batch size");
        def.define(
                PROGRESS_LOG_INTERVAL_MS,
                Type.LONG,
                30_000L,
                Range.atLeast(1000),
                Importance.LOW,
                "How often each task logs an INFO line with its event count and rate.",
                OUTPUT,
                ++order,
                Width.SHORT,
                "Progress log interval");

        order = 0;
        def.define(
                USERS_CONCURRENT,
                Type.INT,
                1000,
                Range.between(1, 50_000_000),
                Importance.HIGH,
                "Sessions kept active at once by the whole connector, split across tasks (at least one per task).",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Concurrent users");
        def.define(
                USERS_POPULATION,
                Type.INT,
                100_000,
                Range.between(1, 500_000_000),
                Importance.MEDIUM,
                "Distinct users; new sessions draw a user from this population (popular users return often), each "
                        + "with a stable device, user agent and network. Split across tasks; must be at least "
                        + USERS_CONCURRENT + ".",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "User population");
        def.define(
                SESSION_MEAN_PAGE_VIEWS,
                Type.DOUBLE,
                8.0,
                Range.between(1, 10_000),
                Importance.MEDIUM,
                "Mean number of browsing events (page views, searches, product views, cart changes) of a session "
                        + "that does not bounce.",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Mean page views");
        def.define(
                THINK_TIME_MEAN_MS,
                Type.DOUBLE,
                20_000.0,
                Range.between(1, 86_400_000),
                Importance.MEDIUM,
                "Mean pause between two events of a session (exponential); bots pause 40 times less. Must be below "
                        + SESSION_INACTIVITY_TIMEOUT_MS + ".",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Mean think time");
        def.define(
                SESSION_INACTIVITY_TIMEOUT_MS,
                Type.LONG,
                1_800_000L,
                Range.atLeast(1000),
                Importance.MEDIUM,
                "Inactivity after which a visit counts as over: no pause inside a session is this long, and a user "
                        + "starts a new session only this long after the previous one ended.",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Inactivity timeout");
        def.define(
                BOUNCE_PROBABILITY,
                Type.DOUBLE,
                0.35,
                Range.between(0, 1),
                Importance.MEDIUM,
                "Share of human sessions that end after their landing page.",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Bounce probability");
        def.define(
                CONVERSION_RATE,
                Type.DOUBLE,
                0.03,
                Range.between(0, 1),
                Importance.MEDIUM,
                "Share of human sessions that end with a purchase; at most 1 - " + BOUNCE_PROBABILITY + ".",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Conversion rate");
        def.define(
                BOT_SHARE,
                Type.DOUBLE,
                0.02,
                Range.between(0, 1),
                Importance.MEDIUM,
                "Share of sessions made by crawlers (bot user agents, fast, no cart, no purchase).",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Bot share");
        def.define(
                CATALOG_PRODUCTS,
                Type.INT,
                5000,
                Range.between(1, 10_000_000),
                Importance.LOW,
                "Number of products in the simulated shop.",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Products");
        def.define(
                IP_UNKNOWN_SHARE,
                Type.DOUBLE,
                0.01,
                Range.between(0, 1),
                Importance.LOW,
                "Share of human sessions whose address is private, shared or reserved (no GeoIP location).",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Unknown IP share");
        def.define(
                IPV6_SHARE,
                Type.DOUBLE,
                0.1,
                Range.between(0, 1),
                Importance.LOW,
                "Share of human users connecting over IPv6.",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "IPv6 share");
        def.define(
                SEED,
                Type.LONG,
                42L,
                Importance.MEDIUM,
                "Seed of all randomness: the same seed and settings give the same events (byte for byte with the "
                        + "simulated clock).",
                TRAFFIC,
                ++order,
                Width.SHORT,
                "Seed");

        order = 0;
        def.define(
                CLOCK,
                Type.STRING,
                CLOCK_WALL,
                ConfigDef.CaseInsensitiveValidString.in(CLOCK_WALL, CLOCK_SIMULATED),
                Importance.MEDIUM,
                "Event time source: 'wall' stamps events with the time they are produced; 'simulated' starts at "
                        + CLOCK_START + " and advances with the model's think times, so a fast run covers hours in "
                        + "seconds and is reproducible.",
                TIME,
                ++order,
                Width.SHORT,
                "Clock");
        def.define(
                CLOCK_START,
                Type.STRING,
                "2026-01-01T00:00:00Z",
                new InstantValidator(),
                Importance.LOW,
                "ISO-8601 instant where the simulated clock starts.",
                TIME,
                ++order,
                Width.MEDIUM,
                "Simulated clock start");

        def.define(
                RECORD_TIMESTAMP,
                Type.STRING,
                RECORD_TIMESTAMP_AUTO,
                ConfigDef.CaseInsensitiveValidString.in(
                        RECORD_TIMESTAMP_AUTO, RECORD_TIMESTAMP_EVENT, RECORD_TIMESTAMP_PRODUCE),
                Importance.LOW,
                "Kafka record timestamp: 'event' = the event time, 'produce' = left to the producer (the time it is "
                        + "sent), 'auto' = 'event' with the wall clock and 'produce' with the simulated clock, because "
                        + "the broker deletes segments whose timestamps are older than the topic's retention.ms "
                        + "(7 days by default) and simulated time usually starts in the past.",
                TIME,
                ++order,
                Width.SHORT,
                "Record timestamp");

        order = 0;
        def.define(
                LATE_EVENT_SHARE,
                Type.DOUBLE,
                0.0,
                Range.between(0, 1),
                Importance.LOW,
                "Share of events (not first in their session) that arrive late: timestamp earlier than the "
                        + "session's latest on-time event, marked \"late\": true.",
                FAULTS,
                ++order,
                Width.SHORT,
                "Late event share");
        def.define(
                LATE_EVENT_MAX_DELAY_MS,
                Type.LONG,
                120_000L,
                Range.atLeast(1),
                Importance.LOW,
                "Largest lateness: a late event is 1 ms to this much earlier than its session's latest on-time "
                        + "event.",
                FAULTS,
                ++order,
                Width.SHORT,
                "Late event max delay");
        def.define(
                DUPLICATE_SHARE,
                Type.DOUBLE,
                0.0,
                Range.between(0, 1),
                Importance.LOW,
                "Share of events delivered twice (the same record again, same event_id).",
                FAULTS,
                ++order,
                Width.SHORT,
                "Duplicate share");
        def.define(
                MALFORMED_SHARE,
                Type.DOUBLE,
                0.0,
                Range.between(0, 1),
                Importance.LOW,
                "Share of records a strict parser must reject: cut-off JSON, a missing required field, or a "
                        + "required field with the wrong JSON type.",
                FAULTS,
                ++order,
                Width.SHORT,
                "Malformed share");
        return def;
    }

    /**
     * Checks between keys, each reported on the key to change; the input are parsed values (as from
     * {@link ConfigDef#parse}) and keys that failed parsing are skipped.
     */
    public static Map<String, String> crossFieldErrors(Map<String, ?> parsed) {
        Map<String, String> errors = new LinkedHashMap<>();
        Object bounce = parsed.get(BOUNCE_PROBABILITY);
        Object conversion = parsed.get(CONVERSION_RATE);
        if (bounce instanceof Double b && conversion instanceof Double c && c > 1.0 - b + 1e-12) {
            errors.put(
                    CONVERSION_RATE,
                    "Conversion rate " + c + " is impossible with " + BOUNCE_PROBABILITY + "=" + b
                            + ": bounced sessions cannot buy, so it must be at most " + (1.0 - b) + ".");
        }
        Object population = parsed.get(USERS_POPULATION);
        Object concurrent = parsed.get(USERS_CONCURRENT);
        if (population instanceof Integer p && concurrent instanceof Integer n && p < n) {
            errors.put(
                    USERS_POPULATION,
                    "Population " + p + " is smaller than " + USERS_CONCURRENT + "=" + n
                            + ": every concurrent session needs its own user.");
        }
        Object think = parsed.get(THINK_TIME_MEAN_MS);
        Object timeout = parsed.get(SESSION_INACTIVITY_TIMEOUT_MS);
        if (think instanceof Double t && timeout instanceof Long limit && t >= limit) {
            errors.put(
                    THINK_TIME_MEAN_MS,
                    "Mean think time " + t + " ms must be below " + SESSION_INACTIVITY_TIMEOUT_MS + "=" + limit
                            + " ms, or every session would time out.");
        }
        return errors;
    }

    public String topic() {
        return getString(TOPIC);
    }

    public double eventsPerSecond() {
        return getDouble(EVENTS_PER_SECOND);
    }

    public long maxEvents() {
        return getLong(MAX_EVENTS);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS);
    }

    public long progressLogIntervalMs() {
        return getLong(PROGRESS_LOG_INTERVAL_MS);
    }

    public int usersConcurrent() {
        return getInt(USERS_CONCURRENT);
    }

    public int usersPopulation() {
        return getInt(USERS_POPULATION);
    }

    public double sessionMeanPageViews() {
        return getDouble(SESSION_MEAN_PAGE_VIEWS);
    }

    public long sessionInactivityTimeoutMs() {
        return getLong(SESSION_INACTIVITY_TIMEOUT_MS);
    }

    public double thinkTimeMeanMs() {
        return getDouble(THINK_TIME_MEAN_MS);
    }

    public double bounceProbability() {
        return getDouble(BOUNCE_PROBABILITY);
    }

    public double conversionRate() {
        return getDouble(CONVERSION_RATE);
    }

    public double botShare() {
        return getDouble(BOT_SHARE);
    }

    public int catalogProducts() {
        return getInt(CATALOG_PRODUCTS);
    }

    public long seed() {
        return getLong(SEED);
    }

    public boolean simulatedClock() {
        return CLOCK_SIMULATED.equals(getString(CLOCK).toLowerCase(Locale.ROOT));
    }

    /** Whether Kafka records carry the event time (else the producer stamps them). */
    public boolean recordTimestampIsEventTime() {
        return switch (getString(RECORD_TIMESTAMP).toLowerCase(Locale.ROOT)) {
            case RECORD_TIMESTAMP_EVENT -> true;
            case RECORD_TIMESTAMP_PRODUCE -> false;
            default -> !simulatedClock();
        };
    }

    public Instant clockStart() {
        return Instant.parse(getString(CLOCK_START).trim());
    }

    public double lateEventShare() {
        return getDouble(LATE_EVENT_SHARE);
    }

    public long lateEventMaxDelayMs() {
        return getLong(LATE_EVENT_MAX_DELAY_MS);
    }

    public double duplicateShare() {
        return getDouble(DUPLICATE_SHARE);
    }

    public double malformedShare() {
        return getDouble(MALFORMED_SHARE);
    }

    public double ipUnknownShare() {
        return getDouble(IP_UNKNOWN_SHARE);
    }

    public double ipv6Share() {
        return getDouble(IPV6_SHARE);
    }

    /** Accepts an ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
    static final class InstantValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "An ISO-8601 instant is required, e.g. 2026-01-01T00:00:00Z.");
            }
            try {
                Instant.parse(value.toString().trim());
            } catch (DateTimeParseException e) {
                throw new ConfigException(
                        name, value, "Not an ISO-8601 instant (expected e.g. 2026-01-01T00:00:00Z): " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z";
        }
    }
}
