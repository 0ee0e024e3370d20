package io.clickstream.connect.transforms.geoip;

import io.clickstream.connect.transforms.FieldNameValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Every configuration key of {@link GeoIpEnrich}. */
public final class GeoIpConfig extends AbstractConfig {

    /** The value of the database keys that names the GeoLite2 database inside the plugin bundle (data of 2019). */
    public static final String BUNDLED = "bundled";

    public static final String DATABASE_PATH = "geoip.database.path";
    public static final String ASN_DATABASE_PATH = "geoip.asn.database.path";
    public static final String IP_FIELD = "geoip.ip.field";
    public static final String CACHE_SIZE = "geoip.cache.size";
    public static final String RELOAD_CHECK_INTERVAL_MS = "geoip.reload.check.interval.ms";
    public static final String ANONYMIZE_IP = "geoip.anonymize.ip";

    public static final String DEFAULT_DATABASE_PATH = BUNDLED;
    public static final String DEFAULT_ASN_DATABASE_PATH = "";
    public static final String DEFAULT_IP_FIELD = "ip_address";
    public static final int DEFAULT_CACHE_SIZE = 65_536;
    public static final long DEFAULT_RELOAD_CHECK_INTERVAL_MS = 60_000L;
    public static final boolean DEFAULT_ANONYMIZE_IP = false;

    private static final String GROUP_DATABASE = "Database";
    private static final String GROUP_RECORD = "Record";

    public static final ConfigDef CONFIG_DEF = configDef();

    public GeoIpConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(
                DATABASE_PATH,
                Type.STRING,
                DEFAULT_DATABASE_PATH,
                new DatabasePathValidator(false),
                Importance.HIGH,
                "The MaxMind City database (.mmdb: GeoLite2-City, GeoIP2-City or GeoIP2-Enterprise) as a "
                        + "file path on every worker, or 'bundled' for the GeoLite2-City of November 2019 inside the plugin "
                        + "bundle (CC BY-SA 4.0; addresses have moved since, so point this at a current download for real use). "
                        + "One memory-mapped reader per file is shared by every task of the worker.",
                GROUP_DATABASE,
                ++order,
                Width.LONG,
                "City database");
        def.define(
                ASN_DATABASE_PATH,
                Type.STRING,
                DEFAULT_ASN_DATABASE_PATH,
                new DatabasePathValidator(true),
                Importance.MEDIUM,
                "The MaxMind ASN database (GeoLite2-ASN) as a file path, 'bundled' for the one of "
                        + "November 2019 in the plugin bundle, or empty for none (asn and asn_org stay null).",
                GROUP_DATABASE,
                ++order,
                Width.LONG,
                "ASN database");
        def.define(
                CACHE_SIZE,
                Type.INT,
                DEFAULT_CACHE_SIZE,
                Range.between(0, 10_000_000),
                Importance.LOW,
                "Addresses whose GeoIP columns each task keeps (a bounded cache, emptied when a database is reloaded). "
                        + "A user sends many events from one address. 0 disables it. Below it, each database file has "
                        + "MaxMind's CHMCache of 4096 decoded records.",
                GROUP_DATABASE,
                ++order,
                Width.SHORT,
                "Lookup cache size");
        def.define(
                RELOAD_CHECK_INTERVAL_MS,
                Type.LONG,
                DEFAULT_RELOAD_CHECK_INTERVAL_MS,
                Range.atLeast(0),
                Importance.LOW,
                "How often, at most, a lookup checks whether a database file was replaced (identity, "
                        + "modification time, size) and if so swaps in the new one without restarting any task. 0 never "
                        + "checks. Replace the file by an atomic rename (as geoipupdate does).",
                GROUP_DATABASE,
                ++order,
                Width.SHORT,
                "Reload check interval");

        order = 0;
        def.define(
                IP_FIELD,
                Type.STRING,
                DEFAULT_IP_FIELD,
                new FieldNameValidator(),
                Importance.MEDIUM,
                "The field holding the IP address (IPv4 or IPv6 text; of a list the first, without port or brackets). A "
                        + "record without it (null) gets null GeoIP columns; text that is not an address is rejected. A struct "
                        + "record whose schema has no such field fails the task (a misnamed field would reject every record).",
                GROUP_RECORD,
                ++order,
                Width.MEDIUM,
                "IP field");
        def.define(
                ANONYMIZE_IP,
                Type.BOOLEAN,
                DEFAULT_ANONYMIZE_IP,
                Importance.MEDIUM,
                "After the lookup, truncate the IP field to its network: IPv4 to /24 (a.b.c.0), IPv6 to /48 (a:b:c::). "
                        + "The GeoIP columns still come from the full address.",
                GROUP_RECORD,
                ++order,
                Width.SHORT,
                "Anonymize IP");
        return def;
    }

    /** The city database file: the configured one, or the bundled one copied out of the jar. */
    public Path databaseFile() {
        return file(getString(DATABASE_PATH), BundledDatabases.CITY);
    }

    /** The ASN database file, or {@code null} when none is configured. */
    public Path asnDatabaseFile() {
        String value = getString(ASN_DATABASE_PATH).trim();
        return value.isEmpty() ? null : file(value, BundledDatabases.ASN);
    }

    private static Path file(String value, String bundledName) {
        return BUNDLED.equalsIgnoreCase(value.trim()) ? BundledDatabases.file(bundledName) : Path.of(value.trim());
    }

    public String ipField() {
        return getString(IP_FIELD);
    }

    public int cacheSize() {
        return getInt(CACHE_SIZE);
    }

    public long reloadCheckIntervalMs() {
        return getLong(RELOAD_CHECK_INTERVAL_MS);
    }

    public boolean anonymizeIp() {
        return getBoolean(ANONYMIZE_IP);
    }

    /** 'bundled', a readable regular file, or (where allowed) empty. */
    static final class DatabasePathValidator implements ConfigDef.Validator {
        private final boolean emptyAllowed;

        DatabasePathValidator(boolean emptyAllowed) {
            this.emptyAllowed = emptyAllowed;
        }

        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            if (text.isEmpty()) {
                if (!emptyAllowed) {
                    throw new ConfigException(name, value, "must be 'bundled' or the path of a .mmdb file");
                }
                return;
            }
            if (BUNDLED.equalsIgnoreCase(text)) {
                return;
            }
            Path path = Path.of(text);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigException(name, value, "no readable file at this path on this worker");
            }
        }

        @Override
        public String toString() {
            return "'bundled', the path of a readable .mmdb file" + (emptyAllowed ? ", or empty for none" : "");
        }
    }
}
