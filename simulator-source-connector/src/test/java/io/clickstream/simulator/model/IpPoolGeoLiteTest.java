package io.clickstream.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.Reader;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IP table against the real GeoLite2-City database of November 2019 (the one the Silver GeoIP enrichment uses):
 * hosts drawn from every network must geolocate to the table's country, and most of them to a city.
 */
class IpPoolGeoLiteTest {
    private static final int SAMPLES_PER_NETWORK = 200;
    private static Reader cities;

    @BeforeAll
    static void open() throws Exception {
        try (InputStream in = IpPoolGeoLiteTest.class.getResourceAsStream("/GeoLite2-City.mmdb")) {
            assertThat(in)
                    .as("GeoLite2-City.mmdb from org.elasticsearch:geolite2-databases")
                    .isNotNull();
            cities = new Reader(in);
        }
    }

    @AfterAll
    static void close() throws Exception {
        cities.close();
    }

    record Result(IpPool.Network network, int inCountry, int withCity) {}

    private static Result check(IpPool.Network network, Rng rng) throws Exception {
        int inCountry = 0;
        int withCity = 0;
        for (int i = 0; i < SAMPLES_PER_NETWORK; i++) {
            @SuppressWarnings("rawtypes")
            Map record = cities.get(InetAddress.getByName(network.host(rng.nextLong())), Map.class);
            if (record == null) {
                continue;
            }
            Object country = record.get("country") instanceof Map<?, ?> c ? c.get("iso_code") : null;
            if (network.country().equals(country)) {
                inCountry++;
            }
            if (record.get("city") != null) {
                withCity++;
            }
        }
        return new Result(network, inCountry, withCity);
    }

    @Test
    void userNetworksGeolocateToTheirCountryAndMostlyToACity() throws Exception {
        Rng rng = new Rng(11);
        List<Result> results = new ArrayList<>();
        for (IpPool.Network network : IpPool.defaultPool().userNetworks()) {
            results.add(check(network, rng));
        }
        TreeSet<String> countriesWithCities = new TreeSet<>();
        long cityHits = 0;
        List<String> weak = new ArrayList<>();
        for (Result r : results) {
            if (r.inCountry() < SAMPLES_PER_NETWORK * 9 / 10 || r.withCity() < SAMPLES_PER_NETWORK / 2) {
                weak.add(r.network().country() + " " + r.network() + ": " + r.inCountry() + " in country, "
                        + r.withCity() + " with a city, of " + SAMPLES_PER_NETWORK);
            }
            cityHits += r.withCity();
            if (r.withCity() > 0) {
                countriesWithCities.add(r.network().country());
            }
        }
        assertThat(weak).as("networks that do not geolocate well").isEmpty();
        assertThat(countriesWithCities).hasSizeGreaterThanOrEqualTo(40);
        assertThat(cityHits / (double) (results.size() * SAMPLES_PER_NETWORK)).isGreaterThan(0.8);
    }

    @Test
    void botNetworksGeolocate() throws Exception {
        Rng rng = new Rng(12);
        for (IpPool.Network network : IpPool.defaultPool().botNetworks()) {
            assertThat(check(network, rng).inCountry())
                    .as(network.toString())
                    .isGreaterThanOrEqualTo(SAMPLES_PER_NETWORK * 8 / 10);
        }
    }
}
