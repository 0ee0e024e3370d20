package io.clickstream.connect.transforms.geoip;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import io.clickstream.connect.text.Quoted;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The kind of MaxMind database a key asks for. A file of another kind (a Country or ISP database where City is
 * configured, an ASN one) opens, but every lookup of a public address would then fail: the kind is checked when a
 * file is opened, by the database's type ({@code databaseType} in its metadata) and one lookup, which applies the
 * reader's own rule of which types answer which lookups.
 */
enum DatabaseKind {
    CITY("a City database (GeoLite2-City, GeoIP2-City or GeoIP2-Enterprise)") {
        @Override
        void lookUp(DatabaseReader reader, InetAddress address) throws IOException, GeoIp2Exception {
            reader.tryCity(address);
        }
    },
    ASN("an ASN database (GeoLite2-ASN)") {
        @Override
        void lookUp(DatabaseReader reader, InetAddress address) throws IOException, GeoIp2Exception {
            reader.tryAsn(address);
        }
    };

    private static final InetAddress PROBE = probe();

    private final String description;

    DatabaseKind(String description) {
        this.description = description;
    }

    abstract void lookUp(DatabaseReader reader, InetAddress address) throws IOException, GeoIp2Exception;

    /** Why the reader is not a database of this kind, or null when it is. */
    String mismatch(DatabaseReader reader) {
        String type = reader.getMetadata().databaseType();
        try {
            lookUp(reader, PROBE);
            return null;
        } catch (UnsupportedOperationException e) {
            return "is a " + Quoted.value(type) + " database, expected " + description;
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            return "is a " + Quoted.value(type) + " database that cannot be read: " + e;
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private static InetAddress probe() {
        try {
            return InetAddress.getByAddress(new byte[] {1, 1, 1, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
