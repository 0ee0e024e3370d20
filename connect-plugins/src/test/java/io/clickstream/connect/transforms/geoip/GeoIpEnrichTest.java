package io.clickstream.connect.transforms.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.maxmind.db.Metadata;
import com.maxmind.geoip2.DatabaseReader;
import io.clickstream.connect.transforms.SimulatedEvents;
import io.clickstream.connect.transforms.TransformHalt;
import io.clickstream.connect.transforms.parse.ParseClickEvent;
import io.clickstream.connect.transforms.parse.ParseClickEventConfig;
import io.clickstream.contract.SilverFields;
import io.clickstream.contract.SilverSchema;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpEnrichTest {
    private static final Schema IP_ONLY = SchemaBuilder.struct()
            .name("ip")
            .field("ip_address", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final GeoIpEnrich<SinkRecord> transform = new GeoIpEnrich.Value<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        transform.close();
    }

    private Struct enrich(String ip, String... config) {
        Map<String, String> props = new HashMap<>(Map.of(GeoIpConfig.ASN_DATABASE_PATH, GeoIpConfig.BUNDLED));
        for (int i = 0; i < config.length; i += 2) {
            props.put(config[i], config[i + 1]);
        }
        transform.close();
        transform.configure(props);
        return (Struct) transform
                .apply(SimulatedEvents.record(new Struct(IP_ONLY).put("ip_address", ip), 1, Instant.now()))
                .value();
    }

    @Test
    void aPublicAddressGetsItsCountryCityAndAsn() {
        Struct google = enrich("8.8.8.8");
        assertThat(google.getString(SilverFields.IP_CLASS)).as("class").isEqualTo("public");
        assertThat(google.getString(SilverFields.COUNTRY_ISO)).as("country").isEqualTo("US");
        assertThat(google.getString(SilverFields.COUNTRY_NAME))
                .as("country name")
                .isEqualTo("United States");
        assertThat(google.getInt64(SilverFields.ASN)).as("asn").isEqualTo(15169L);
        assertThat(google.getString(SilverFields.ASN_ORG)).as("asn org").containsIgnoringCase("google");
        assertThat(google.getInt32(SilverFields.ACCURACY_RADIUS_KM))
                .as("accuracy radius")
                .isNotNull();
        assertThat(google.schema().fields())
                .as("columns appended after the input's")
                .hasSize(1 + 12);
    }

    @Test
    void anIpv6AddressIsLocatedToo() {
        Struct orange = enrich("2a01:cb19:3f:a593:2f89:4b5c:a828:25bf");
        assertThat(orange.getString(SilverFields.COUNTRY_ISO))
                .as("IPv6 country")
                .isEqualTo("FR");
        assertThat(orange.getString(SilverFields.TIME_ZONE)).as("time zone").isEqualTo("Europe/Paris");
    }

    @Test
    void nonPublicAddressesAreClassifiedAndNotLookedUp() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("10.1.2.3", "private"),
                Map.entry("192.168.0.7", "private"),
                Map.entry("172.31.255.1", "private"),
                Map.entry("100.64.1.1", "private"),
                Map.entry("fd12:3456::1", "private"),
                Map.entry("127.0.0.1", "loopback"),
                Map.entry("::1", "loopback"),
                Map.entry("169.254.3.4", "link_local"),
                Map.entry("fe80::1", "link_local"),
                Map.entry("224.0.0.251", "multicast"),
                Map.entry("ff02::1", "multicast"),
                Map.entry("192.0.2.10", "reserved"),
                Map.entry("198.51.100.1", "reserved"),
                Map.entry("203.0.113.5", "reserved"),
                Map.entry("2001:db8::1", "reserved"),
                Map.entry("0.0.0.0", "reserved"),
                Map.entry("255.255.255.255", "reserved"));
        expected.forEach((ip, ipClass) -> {
            Struct out = enrich(ip);
            assertThat(out.getString(SilverFields.IP_CLASS))
                    .as("class of %s", ip)
                    .isEqualTo(ipClass);
            assertThat(out.getString(SilverFields.COUNTRY_ISO))
                    .as("no lookup of %s", ip)
                    .isNull();
            assertThat(out.getInt64(SilverFields.ASN)).as("no ASN of %s", ip).isNull();
        });
    }

    @Test
    void anIpv6AddressCarryingAnIpv4OneIsClassedAndLocatedByIt() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("::10.0.0.1", "private"),
                Map.entry("::ffff:10.0.0.1", "private"),
                Map.entry("::ffff:0:10.0.0.1", "private"),
                Map.entry("64:ff9b::a00:1", "private"),
                Map.entry("2002:a00:1::1", "private"),
                Map.entry("2002:c0a8:101::1", "private"),
                Map.entry("::127.0.0.1", "loopback"),
                Map.entry("2002:7f00:1::", "loopback"),
                Map.entry("64:ff9b::a9fe:1", "link_local"),
                Map.entry("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"),
                Map.entry("::5", "reserved"));
        expected.forEach((ip, ipClass) -> {
            Struct out = enrich(ip);
            assertThat(out.getString(SilverFields.IP_CLASS))
                    .as("class of %s", ip)
                    .isEqualTo(ipClass);
            assertThat(out.getString(SilverFields.COUNTRY_ISO))
                    .as("no lookup of %s", ip)
                    .isNull();
        });
        // 8.8.8.8 as 6to4, NAT64, IPv4-compatible and a Teredo client (its address inverted in the last 32 bits).
        for (String google :
                List.of("2002:808:808::1", "64:ff9b::808:808", "::8.8.8.8", "2001:0:4136:e378:8000:63bf:f7f7:f7f7")) {
            Struct out = enrich(google);
            assertThat(out.getString(SilverFields.IP_CLASS))
                    .as("class of %s", google)
                    .isEqualTo("public");
            assertThat(out.getInt64(SilverFields.ASN))
                    .as("located by the IPv4 address in %s", google)
                    .isEqualTo(15169L);
        }
    }

    @Test
    void anAddressWithAPortOrInAListIsLocatedByTheClientsAddress() {
        assertThat(enrich("8.8.8.8:53").getInt64(SilverFields.ASN))
                .as("with a port")
                .isEqualTo(15169L);
        assertThat(enrich("8.8.8.8, 10.0.0.1").getInt64(SilverFields.ASN))
                .as("first of a list")
                .isEqualTo(15169L);
        assertThat(enrich("[::ffff:10.0.0.1]:443").getString(SilverFields.IP_CLASS))
                .as("bracketed, mapped")
                .isEqualTo("private");
    }

    @Test
    void aMissingAddressGivesNullsAndABadOneIsRejectedNamingTheField() {
        Struct none = enrich(null);
        assertThat(SilverSchema.GEOIP_COLUMNS)
                .as("every column null")
                .allSatisfy(column ->
                        assertThat(none.get(column.name())).as(column.name()).isNull());
        assertThatThrownBy(() -> enrich("not-an-ip"))
                .as("bad address")
                .isInstanceOf(DataException.class)
                .hasMessageContaining("field 'ip_address'")
                .hasMessageContaining("not an IPv4 or IPv6 address");
    }

    @Test
    void schemalessMapsAreEnrichedAndAddressesCanBeAnonymized() {
        transform.configure(Map.of(GeoIpConfig.ANONYMIZE_IP, "true"));
        Map<String, Object> v4 = Map.of("ip_address", "8.8.8.8", "other", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>)
                transform.apply(SimulatedEvents.record(v4, 1, Instant.now())).value();
        assertThat(out)
                .as("map output")
                .containsEntry("country_iso", "US")
                .containsEntry("other", 1)
                .containsEntry("ip_address", "8.8.8.0")
                .containsEntry("asn", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> v6 = (Map<String, Object>) transform
                .apply(SimulatedEvents.record(
                        Map.of("ip_address", "2a01:cb19:3f:a593:2f89:4b5c:a828:25bf"), 2, Instant.now()))
                .value();
        assertThat(v6)
                .as("IPv6 truncated to /48 after the lookup")
                .containsEntry("ip_address", "2a01:cb19:3f::")
                .containsEntry("country_iso", "FR");
    }

    @Test
    void theSimulatorsTrafficIsLocatedAfterParsing() {
        ParseClickEvent<SinkRecord> parse = new ParseClickEvent.Value<>();
        parse.configure(Map.of(ParseClickEventConfig.EVENT_TIME_MAX_PAST_MS, Long.toString(86_400_000L)));
        transform.configure(Map.of());
        List<String> events = SimulatedEvents.json(2_000);
        int located = 0;
        int nonPublic = 0;
        for (int i = 0; i < events.size(); i++) {
            SinkRecord parsed =
                    parse.apply(SimulatedEvents.record(events.get(i), i, SimulatedEvents.CLOCK_START.plusSeconds(600)));
            Struct out = (Struct) transform.apply(parsed).value();
            out.validate();
            assertThat(out).as("the parsed Silver struct, filled in place").isSameAs(parsed.value());
            located += out.getString(SilverFields.COUNTRY_ISO) != null ? 1 : 0;
            nonPublic += "public".equals(out.getString(SilverFields.IP_CLASS)) ? 0 : 1;
        }
        assertThat(located)
                .as("events located to a country, of %d", events.size())
                .isGreaterThan(1_800);
        assertThat(located + nonPublic).as("located or not public").isGreaterThan(1_950);
    }

    @Test
    void transformsShareOneReaderPerDatabaseAndTheLastCloseReleasesIt() {
        int before = SharedDatabase.openCount();
        GeoIpEnrich<SinkRecord> other = new GeoIpEnrich.Value<>();
        transform.configure(Map.of());
        other.configure(Map.of());
        assertThat(SharedDatabase.openCount())
                .as("one reader for two transforms")
                .isEqualTo(before + 1);
        other.close();
        assertThat(SharedDatabase.openCount()).as("still held by the first").isEqualTo(before + 1);
        transform.close();
        assertThat(SharedDatabase.openCount()).as("released").isEqualTo(before);
    }

    @Test
    void aReplacedDatabaseFileIsReloadedAtTheNextCheck() throws Exception {
        Path file = dir.resolve("geo.mmdb");
        copyResource(BundledDatabases.CITY, file);
        AtomicLong nanos = new AtomicLong();
        SharedDatabase database = SharedDatabase.acquire(file, DatabaseKind.CITY, 16, 1_000, nanos::get);
        try {
            DatabaseReader first = database.reader();
            assertThat(first.getMetadata().databaseType()).as("opened").isEqualTo("GeoLite2-City");
            Path next = dir.resolve("geo.mmdb.tmp");
            copyResource(BundledDatabases.CITY, next);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            nanos.addAndGet(999_000_000L);
            assertThat(database.reader()).as("before the check is due").isSameAs(first);
            nanos.addAndGet(1_000_000L);
            DatabaseReader second = database.reader();
            assertThat(second).as("after the check").isNotSameAs(first);
            assertThat(second.getMetadata().databaseType()).as("the new file").isEqualTo("GeoLite2-City");

            Files.writeString(next, "not a database");
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            nanos.addAndGet(2_000_000_000L);
            assertThat(database.reader())
                    .as("a broken file keeps the previous reader")
                    .isSameAs(second);

            copyResource(BundledDatabases.ASN, next);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            nanos.addAndGet(2_000_000_000L);
            assertThat(database.reader())
                    .as("an ASN database where a City one was keeps the previous reader")
                    .isSameAs(second);
        } finally {
            database.release();
        }
    }

    @Test
    void aReloadedDatabaseEmptiesTheCacheOfLocatedAddresses() throws Exception {
        Path file = dir.resolve("city.mmdb");
        copyResource(BundledDatabases.CITY, file);
        transform.configure(
                Map.of(GeoIpConfig.DATABASE_PATH, file.toString(), GeoIpConfig.RELOAD_CHECK_INTERVAL_MS, "1"));
        apply("8.8.8.8");
        apply("81.2.69.142");
        assertThat(transform.locatedAddresses()).as("two addresses located").isEqualTo(2);

        Path next = dir.resolve("city.mmdb.tmp");
        copyResource(BundledDatabases.CITY, next);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (transform.locatedAddresses() != 1 && System.nanoTime() < deadline) {
            assertThat(apply("8.8.8.8").getString(SilverFields.COUNTRY_ISO))
                    .as("located across the reload")
                    .isEqualTo("US");
        }
        assertThat(transform.locatedAddresses())
                .as("only the address located since the reload")
                .isEqualTo(1);
    }

    @Test
    void theCacheOfLocatedAddressesIsBoundedByItsSetting() {
        transform.configure(Map.of(GeoIpConfig.CACHE_SIZE, "2"));
        for (String ip : List.of("8.8.8.8", "81.2.69.142", "91.177.75.8", "1.1.1.1", "9.9.9.9")) {
            apply(ip);
        }
        assertThat(transform.locatedAddresses())
                .as("addresses cached after 5 distinct")
                .isLessThanOrEqualTo(2);
    }

    private Struct apply(String ip) {
        return (Struct) transform
                .apply(SimulatedEvents.record(new Struct(IP_ONLY).put("ip_address", ip), 1, Instant.now()))
                .value();
    }

    @Test
    void aMisnamedIpFieldFailsTheTaskAtTheFirstStructInsteadOfRejectingEveryRecord() {
        transform.configure(Map.of(GeoIpConfig.IP_FIELD, "ipaddress"));
        Struct value = new Struct(IP_ONLY).put("ip_address", "8.8.8.8");
        Throwable thrown = catchThrowable(() -> transform.apply(SimulatedEvents.record(value, 1, Instant.now())));
        assertThat(thrown)
                .as("a halt of the task")
                .isInstanceOf(TransformHalt.class)
                .as("not an Exception, which errors.tolerance=all would dead-letter")
                .isNotInstanceOf(Exception.class)
                .hasMessageContaining(GeoIpConfig.IP_FIELD)
                .hasMessageContaining("'ipaddress'")
                .hasMessageContaining("[ip_address]");

        assertThatThrownBy(() -> transform.configure(Map.of(GeoIpConfig.IP_FIELD, "")))
                .as("empty")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GeoIpConfig.IP_FIELD);
        assertThatThrownBy(() -> transform.configure(Map.of(GeoIpConfig.IP_FIELD, "ip address")))
                .as("white space")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GeoIpConfig.IP_FIELD);
    }

    @Test
    void aColumnOfTheSameNameButAnotherTypeIsAnError() {
        transform.configure(Map.of());
        Schema clash = SchemaBuilder.struct()
                .field("ip_address", Schema.STRING_SCHEMA)
                .field(SilverFields.CITY, Schema.INT32_SCHEMA)
                .build();
        Struct value = new Struct(clash).put("ip_address", "8.8.8.8").put(SilverFields.CITY, 3);
        assertThatThrownBy(() -> transform.apply(SimulatedEvents.record(value, 1, Instant.now())))
                .as("type clash")
                .isInstanceOf(DataException.class)
                .hasMessageContaining("field 'city' exists with type INT32");
    }

    @Test
    void aDatabaseOfTheWrongKindOrPathFailsNamingTheKey() throws Exception {
        int open = SharedDatabase.openCount();
        Path asnFile = dir.resolve("asn.mmdb");
        copyResource(BundledDatabases.ASN, asnFile);
        assertThatThrownBy(() -> transform.configure(Map.of(GeoIpConfig.DATABASE_PATH, asnFile.toString())))
                .as("an ASN database as the city database")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GeoIpConfig.DATABASE_PATH)
                .hasMessageContaining("expected a City database");
        Path countryFile = dir.resolve("country.mmdb");
        copyResource("GeoLite2-Country.mmdb", countryFile);
        assertThatThrownBy(() -> transform.configure(Map.of(GeoIpConfig.DATABASE_PATH, countryFile.toString())))
                .as("a Country database as the city database")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GeoIpConfig.DATABASE_PATH)
                .hasMessageContaining("'GeoLite2-Country'")
                .hasMessageContaining("expected a City database");
        Path cityFile = dir.resolve("city.mmdb");
        copyResource(BundledDatabases.CITY, cityFile);
        assertThatThrownBy(() -> transform.configure(Map.of(GeoIpConfig.ASN_DATABASE_PATH, cityFile.toString())))
                .as("a City database as the ASN database")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GeoIpConfig.ASN_DATABASE_PATH)
                .hasMessageContaining("'GeoLite2-City'")
                .hasMessageContaining("expected an ASN database");
        assertThat(SharedDatabase.openCount())
                .as("nothing left open by the failed configurations")
                .isEqualTo(open);
        assertThatThrownBy(() -> transform.configure(
                        Map.of(GeoIpConfig.DATABASE_PATH, dir.resolve("nope").toString())))
                .as("no file")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GeoIpConfig.DATABASE_PATH);
        assertThatThrownBy(() -> transform.configure(Map.of(GeoIpConfig.CACHE_SIZE, "-1")))
                .as("negative cache")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GeoIpConfig.CACHE_SIZE);
    }

    @Test
    void aLookupTheDatabaseFailsStopsTheTaskInsteadOfRejectingEveryRecord() throws Exception {
        Path file = dir.resolve("city.mmdb");
        copyResource(BundledDatabases.CITY, file);
        transform.configure(
                Map.of(GeoIpConfig.DATABASE_PATH, file.toString(), GeoIpConfig.RELOAD_CHECK_INTERVAL_MS, "0"));
        assertThat(apply("8.8.8.8").getString(SilverFields.COUNTRY_ISO))
                .as("before the damage")
                .isEqualTo("US");
        // Zero the data section in place (same file, same size): the mapped reader sees it, as after a disk fault.
        Metadata metadata;
        try (DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).build()) {
            metadata = reader.getMetadata();
        }
        long dataStart = (long) metadata.nodeCount() * metadata.recordSize() / 4 + 16;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4 << 20), dataStart);
        }
        Throwable thrown = catchThrowable(() -> apply("81.2.69.142"));
        assertThat(thrown)
                .as("a halt of the task")
                .isInstanceOf(TransformHalt.class)
                .as("not an Exception, which errors.tolerance=all would dead-letter")
                .isNotInstanceOf(Exception.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(GeoIpConfig.DATABASE_PATH);
    }

    private static void copyResource(String name, Path target) throws Exception {
        try (InputStream in = GeoIpEnrichTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
