package io.clickstream.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpPoolTest {
    private final IpPool pool = IpPool.defaultPool();

    @Test
    void coversManyCountries() {
        assertThat(new HashSet<>(pool.countryCodes())).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void hostsLieInsideTheirNetworkAndParse() throws Exception {
        Rng rng = new Rng(1);
        for (IpPool.Network network : pool.userNetworks()) {
            for (int i = 0; i < 50; i++) {
                String host = network.host(rng.nextLong());
                InetAddress address = InetAddress.getByName(host);
                assertThat(network.contains(address))
                        .as(host + " in " + network)
                        .isTrue();
                assertThat(pool.isReserved(address)).isFalse();
                assertThat(address.getHostAddress().replaceAll("(^|:)0+(?=[0-9a-f])", "$1"))
                        .as("canonical text")
                        .isNotNull();
            }
        }
    }

    @Test
    void ipv6TextIsCanonical() throws Exception {
        assertThat(IpPool.formatIpv6(0x2001_0db8_0000_0000L, 0x0000_0000_0000_0001L))
                .isEqualTo("2001:db8::1");
        assertThat(IpPool.formatIpv6(0x2601_0000_0000_0001L, 0x0000_0000_0000_0000L))
                .isEqualTo("2601:0:0:1::");
        assertThat(IpPool.formatIpv6(0x2a00_23c0_c400_0001L, 0x0001_0000_0001_0001L))
                .isEqualTo("2a00:23c0:c400:1:1:0:1:1");
        Rng rng = new Rng(2);
        for (int i = 0; i < 10_000; i++) {
            long hi = rng.nextLong() & 0xFFFF_0000_FFFF_0000L;
            long lo = rng.nextLong() & 0x0000_FFFF_0000_FFFFL;
            String text = IpPool.formatIpv6(hi, lo);
            byte[] b = InetAddress.getByName(text).getAddress();
            assertThat(java.nio.ByteBuffer.wrap(b).getLong(0)).isEqualTo(hi);
            assertThat(java.nio.ByteBuffer.wrap(b).getLong(8)).isEqualTo(lo);
        }
    }

    @Test
    void reservedAddressesAreNotPublic() throws Exception {
        Set<String> seen = new HashSet<>();
        for (long h = 0; h < 2000; h++) {
            String host = pool.reservedAddress(Rng.mix(h));
            InetAddress address = InetAddress.getByName(host);
            assertThat(pool.isReserved(address)).as(host).isTrue();
            assertThat(pool.isPublicTableAddress(address)).as(host).isFalse();
            seen.add(host.contains(":") ? "v6" : "v4");
        }
        assertThat(seen).containsExactlyInAnyOrder("v4", "v6");
    }
}
