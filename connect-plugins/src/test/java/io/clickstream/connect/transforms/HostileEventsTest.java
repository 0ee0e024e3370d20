package io.clickstream.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.clickstream.connect.transforms.HostileEvents.HostileEvent;
import io.clickstream.connect.transforms.geoip.GeoIpConfig;
import io.clickstream.connect.transforms.geoip.GeoIpEnrich;
import io.clickstream.connect.transforms.parse.ParseClickEvent;
import io.clickstream.contract.SilverFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of hostile records through the Silver connector's parse and GeoIP transforms (as
 * {@code connectors/silver-hudi-sink.json} configures them; the user-agent step is left out, its analyzer takes
 * tens of seconds to build): each becomes a typed struct whose strings and column names are storable, or a
 * {@link DataException} whose message is short and storable, in bounded time. Nothing else may come out.
 */
class HostileEventsTest {
    private static final long SEED = 2026_12_07L;
    private static final int RECORDS = 3_000;
    /** The most a message may hold; reasons are built far shorter. */
    private static final int MAX_MESSAGE = 1_000;
    /**
     * The slowest record may take this long: generous for a loaded machine (the typical record takes microseconds),
     * far less than an unbounded exponent took (1e-20000000 as a price: seconds).
     */
    private static final long BUDGET_NANOS = 500_000_000L;

    private final ParseClickEvent<SinkRecord> parse = new ParseClickEvent.Value<>();
    private final GeoIpEnrich<SinkRecord> geoip = new GeoIpEnrich.Value<>();

    @AfterEach
    void close() {
        parse.close();
        geoip.close();
    }

    private record Timed(HostileEvent event, long nanos) {}

    @Test
    void everyHostileRecordBecomesAStorableRowOrAShortStorableRejectionInBoundedTime() {
        parse.configure(Map.of());
        geoip.configure(Map.of(GeoIpConfig.ASN_DATABASE_PATH, GeoIpConfig.BUNDLED));
        HostileEvents hostile = new HostileEvents(SEED, 500);
        for (int i = 0; i < 300; i++) {
            outcome(hostile.next(), i); // warm-up, not timed
        }
        List<Timed> slowest = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        int originals = 0;
        for (int i = 0; i < RECORDS; i++) {
            HostileEvent event = hostile.next();
            long start = System.nanoTime();
            Object outcome = outcome(event, i);
            long took = System.nanoTime() - start;
            slowest.add(new Timed(event, took));
            slowest.sort(Comparator.comparingLong(Timed::nanos).reversed());
            if (slowest.size() > 5) {
                slowest.remove(5);
            }
            if (outcome instanceof Struct row) {
                accepted++;
                assertStorableRow(event, row);
            } else {
                rejected++;
                assertThat(event.original())
                        .as("a clean original rejected: %s", outcome)
                        .isFalse();
                assertStorableMessage(event, (DataException) outcome);
            }
            originals += event.original() ? 1 : 0;
        }
        assertThat(slowest.get(0).nanos())
                .as("the slowest records: %s", slowest)
                .isLessThan(BUDGET_NANOS);
        assertThat(originals).as("clean originals among them").isGreaterThan(50);
        assertThat(rejected).as("rejected").isGreaterThan(RECORDS / 2);
        assertThat(accepted)
                .as("accepted (the originals and the harmless mutations)")
                .isGreaterThan(originals);
    }

    /** The row, or the {@link DataException}; anything else thrown fails the test, naming the mutation. */
    private Object outcome(HostileEvent event, long offset) {
        try {
            SinkRecord record = SimulatedEvents.record(event.value(), offset, event.timestamp());
            return geoip.apply(parse.apply(record)).value();
        } catch (DataException e) {
            return e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return fail("%s threw %s", event, e);
        }
    }

    private static void assertStorableMessage(HostileEvent event, DataException rejection) {
        for (Throwable t = rejection; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertThat(message.length())
                    .as("length of the message of %s: %s", event, abbreviated(message))
                    .isLessThanOrEqualTo(MAX_MESSAGE);
            assertThat(storable(message))
                    .as("message of %s is storable: %s", event, abbreviated(message))
                    .isTrue();
        }
    }

    private static void assertStorableRow(HostileEvent event, Struct row) {
        row.validate();
        Set<String> columns = new HashSet<>();
        for (Field field : row.schema().fields()) {
            assertThat(columns.add(field.name().toLowerCase(Locale.ROOT)))
                    .as("column %s of %s is unique in any case", field.name(), event)
                    .isTrue();
            if (!SilverFields.ALL.contains(field.name())) {
                assertThat(field.name()).as("unknown-field column of %s", event).matches("[a-z][a-z0-9_]{0,63}");
            }
            if (row.get(field) instanceof String text) {
                assertThat(storable(text))
                        .as("%s of %s is storable", field.name(), event)
                        .isTrue();
            }
        }
    }

    /** Valid UTF-16 (so UTF-8 can encode it) without control characters: PostgreSQL text and Parquet take it. */
    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
