package io.clickstream.connect.transforms.geoip;

import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Location;

/** The GeoIP columns of one address: its class and, for a public address found in the databases, where it is. */
record Geolocation(
        IpClass ipClass,
        String countryIso,
        String countryName,
        String subdivision,
        String city,
        String postalCode,
        Double latitude,
        Double longitude,
        Integer accuracyRadiusKm,
        String timeZone,
        Long asn,
        String asnOrg) {

    /** Columns of a record without an address. */
    static final Geolocation NONE =
            new Geolocation(null, null, null, null, null, null, null, null, null, null, null, null);

    static Geolocation unlocated(IpClass ipClass) {
        return new Geolocation(ipClass, null, null, null, null, null, null, null, null, null, null, null);
    }

    static Geolocation of(CityResponse city, AsnResponse asn) {
        Location location = city == null ? null : city.location();
        return new Geolocation(
                IpClass.PUBLIC,
                city == null ? null : city.country().getIsoCode(),
                city == null ? null : city.country().getName(),
                city == null ? null : city.mostSpecificSubdivision().getName(),
                city == null ? null : city.city().getName(),
                city == null ? null : city.postal().code(),
                location == null ? null : location.latitude(),
                location == null ? null : location.longitude(),
                location == null ? null : location.accuracyRadius(),
                location == null ? null : location.timeZone(),
                asn == null ? null : asn.autonomousSystemNumber(),
                asn == null ? null : asn.autonomousSystemOrganization());
    }

    /** The column values in the order of {@code SilverSchema.GEOIP_COLUMNS}. */
    Object[] values() {
        return new Object[] {
            ipClass == null ? null : ipClass.wireName(),
            countryIso,
            countryName,
            subdivision,
            city,
            postalCode,
            latitude,
            longitude,
            accuracyRadiusKm,
            timeZone,
            asn,
            asnOrg
        };
    }
}
