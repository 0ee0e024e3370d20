package io.clickstream.connect.transforms.geoip;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import io.clickstream.connect.text.Quoted;
import io.clickstream.connect.transforms.Enrichment;
import io.clickstream.connect.transforms.IpLiteral;
import io.clickstream.connect.transforms.RecordSide;
import io.clickstream.connect.transforms.TransformHalt;
import io.clickstream.contract.SilverSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;

/**
 * Adds the GeoIP columns of {@code SilverFields} ({@code ip_class}, country, subdivision, city, postal code,
 * coordinates, accuracy radius, time zone, and ASN with an ASN database) to a struct or map record part, from the
 * address in {@code geoip.ip.field}. Use {@link Value} or {@link Key}.
 *
 * <p>Contract: private, loopback, link-local, multicast and reserved addresses get their {@code ip_class} and no
 * lookup; a public address not in the database, or a record whose address is null, gets null columns (not an
 * error). Text that is not an IP address, a part that is neither struct nor map, or a field of the wrong type
 * raises a {@code DataException} naming the field. A null record part (tombstone) passes unchanged. What is not the
 * record's fault stops the task ({@code TransformHalt}) instead of rejecting every record: a struct schema without
 * the field, a lookup the database fails (corrupt or unreadable). A database of the wrong kind (a Country or ASN
 * database as the City one) fails the configuration, and is not swapped in when a file is replaced.
 *
 * <p>Databases are shared per JVM ({@link SharedDatabase}): memory-mapped, cached, reloaded when the file is
 * replaced; {@link #close()} releases this instance's hold. Each instance (one per task: Connect never shares a
 * transform between threads) also keeps a bounded cache of addresses it located, emptied when a database is
 * reloaded.
 */
public abstract class GeoIpEnrich<R extends ConnectRecord<R>> extends Enrichment<R> {

    public static final String OVERVIEW_DOC = "Add GeoIP columns (ip_class, country_iso, country_name, subdivision, "
            + "city, postal_code, latitude, longitude, accuracy_radius_km, time_zone, asn, asn_org) from the IP address "
            + "field, with MaxMind GeoIP2/GeoLite2 databases (by default the GeoLite2-City of 2019 inside the plugin). "
            + "Non-public addresses are classified in ip_class and not looked up; unknown addresses give nulls. One "
            + "memory-mapped reader per database file is shared by all tasks of a worker and reloaded when the file is "
            + "replaced. Optionally truncates the address to /24 (IPv4) or /48 (IPv6) after the lookup. "
            + "Use the concrete transformation type designed for the record key (<code>" + Key.class.getName()
            + "</code>) or value (<code>" + Value.class.getName() + "</code>).";

    public static final ConfigDef CONFIG_DEF = GeoIpConfig.CONFIG_DEF;

    private SharedDatabase city;
    private SharedDatabase asn;
    private String ipField;
    private boolean anonymize;
    private Cache<String, Geolocation> located;
    private DatabaseReader cityReader;
    private DatabaseReader asnReader;

    @Override
    public void configure(Map<String, ?> configs) {
        GeoIpConfig config = new GeoIpConfig(configs);
        ipField = config.ipField();
        anonymize = config.anonymizeIp();
        enrich(GeoIpConfig.IP_FIELD, ipField, SilverSchema.GEOIP_COLUMNS);
        located = config.cacheSize() > 0
                ? Caffeine.newBuilder()
                        .executor(Runnable::run)
                        .maximumSize(config.cacheSize())
                        .<String, Geolocation>build()
                : null;
        city = open(config, config.databaseFile(), GeoIpConfig.DATABASE_PATH, DatabaseKind.CITY);
        if (config.asnDatabaseFile() != null) {
            try {
                asn = open(config, config.asnDatabaseFile(), GeoIpConfig.ASN_DATABASE_PATH, DatabaseKind.ASN);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    private static SharedDatabase open(GeoIpConfig config, Path file, String key, DatabaseKind kind) {
        try {
            return SharedDatabase.acquire(
                    file, kind, SharedDatabase.DECODED_CACHE_SIZE, config.reloadCheckIntervalMs());
        } catch (RuntimeException e) {
            throw new ConfigException(key, config.getString(key), e.getMessage());
        }
    }

    @Override
    protected Object[] values(Object source) {
        return geolocation(ipText(source)).values();
    }

    @Override
    protected Object rewrittenSource(Object source) {
        return anonymize && source != null ? IpAnonymizer.truncate(address((String) source)) : source;
    }

    private String ipText(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new DataException("field '" + ipField + "': must be a string, got "
                + value.getClass().getSimpleName());
    }

    /** The client's address in the text (the first of a list, without port or brackets, as the parse step reads it). */
    private InetAddress address(String ip) {
        String client = IpLiteral.clientAddress(ip);
        InetAddress address = client == null ? null : IpLiteral.parse(client);
        if (address == null) {
            throw new DataException("field '" + ipField + "': not an IPv4 or IPv6 address: " + Quoted.value(ip));
        }
        return address;
    }

    /**
     * The columns of an address text (null: none), from the cache of addresses already located while the databases
     * are the ones they were located in: a reloaded database empties it.
     */
    private Geolocation geolocation(String ip) {
        if (ip == null) {
            return Geolocation.NONE;
        }
        DatabaseReader currentCity = city.reader();
        DatabaseReader currentAsn = asn == null ? null : asn.reader();
        if (located == null) {
            return locate(address(ip), currentCity, currentAsn);
        }
        if (currentCity != cityReader || currentAsn != asnReader) {
            located.invalidateAll();
            cityReader = currentCity;
            asnReader = currentAsn;
        }
        return located.get(ip, text -> locate(address(text), currentCity, currentAsn));
    }

    private Geolocation locate(InetAddress address, DatabaseReader cityDatabase, DatabaseReader asnDatabase) {
        IpClass ipClass = IpClass.of(address);
        if (ipClass != IpClass.PUBLIC) {
            return Geolocation.unlocated(ipClass);
        }
        // A transition address (6to4, Teredo, NAT64, ...) is located by the IPv4 address it carries.
        InetAddress target = EmbeddedIpv4.of(address);
        CityResponse cityResponse;
        try {
            cityResponse = cityDatabase.tryCity(target).orElse(null);
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            throw databaseFault(city, GeoIpConfig.DATABASE_PATH, target, e);
        }
        AsnResponse asnResponse = null;
        if (asnDatabase != null) {
            try {
                asnResponse = asnDatabase.tryAsn(target).orElse(null);
            } catch (IOException | GeoIp2Exception | RuntimeException e) {
                throw databaseFault(asn, GeoIpConfig.ASN_DATABASE_PATH, target, e);
            }
        }
        return Geolocation.of(cityResponse, asnResponse);
    }

    /**
     * A lookup of a valid address that fails is the database's fault (corrupt, unreadable), not the record's: every
     * record would fail alike, so the task stops rather than dead-lettering them all.
     */
    private static TransformHalt databaseFault(SharedDatabase database, String key, InetAddress address, Exception e) {
        return new TransformHalt(
                "GeoIP lookup of " + address.getHostAddress() + " failed in " + database.path() + " (" + key + ", "
                        + database.kind() + "): " + e,
                e);
    }

    /** Addresses in this instance's cache (for tests). */
    long locatedAddresses() {
        if (located == null) {
            return 0;
        }
        located.cleanUp();
        return located.estimatedSize();
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
        if (city != null) {
            city.release();
            city = null;
        }
        if (asn != null) {
            asn.release();
            asn = null;
        }
    }

    /** Enriches the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends GeoIpEnrich<R> {
        @Override
        protected RecordSide side() {
            return RecordSide.KEY;
        }
    }

    /** Enriches the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends GeoIpEnrich<R> {
        @Override
        protected RecordSide side() {
            return RecordSide.VALUE;
        }
    }
}
