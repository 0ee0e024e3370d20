package io.clickstream.connect.transforms.geoip;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * What kind of address an IP is; only {@link #PUBLIC} addresses are looked up. The {@link #wireName()} is the
 * value of the {@code ip_class} column.
 *
 * <ul>
 *   <li>{@link #LOOPBACK}: 127.0.0.0/8, ::1.</li>
 *   <li>{@link #LINK_LOCAL}: 169.254.0.0/16, fe80::/10.</li>
 *   <li>{@link #PRIVATE}: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (carrier-grade NAT), fc00::/7,
 *       fec0::/10.</li>
 *   <li>{@link #MULTICAST}: 224.0.0.0/4, ff00::/8.</li>
 *   <li>{@link #RESERVED}: 0.0.0.0/8, 192.0.0.0/24, documentation (192.0.2.0/24, 198.51.100.0/24,
 *       203.0.113.0/24, 2001:db8::/32), benchmarking 198.18.0.0/15, 240.0.0.0/4 and broadcast, ::, 100::/64.</li>
 *   <li>{@link #PUBLIC}: everything else.</li>
 * </ul>
 *
 * <p>An IPv6 address that carries an IPv4 one (IPv4-compatible or mapped, NAT64, 6to4, Teredo: {@link EmbeddedIpv4})
 * is classed by the IPv4 address, so {@code ::ffff:10.0.0.1} and {@code 2002:a00:1::1} are private.
 */
public enum IpClass {
    PUBLIC("public"),
    PRIVATE("private"),
    LOOPBACK("loopback"),
    LINK_LOCAL("link_local"),
    MULTICAST("multicast"),
    RESERVED("reserved");

    private final String wireName;

    IpClass(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static IpClass of(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (address.isLinkLocalAddress()) {
            return LINK_LOCAL;
        }
        if (address.isMulticastAddress()) {
            return MULTICAST;
        }
        if (address.isAnyLocalAddress()) {
            return RESERVED;
        }
        InetAddress embedded = EmbeddedIpv4.of(address);
        if (embedded != address) {
            return of(embedded);
        }
        byte[] b = address.getAddress();
        return address instanceof Inet4Address ? ipv4(b) : ipv6(b);
    }

    private static IpClass ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 10
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 100 && a1 >= 64 && a1 <= 127)) {
            return PRIVATE;
        }
        if (a0 == 0
                || a0 >= 240
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)
                || (a0 == 198 && (a1 == 18 || a1 == 19))) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static IpClass ipv6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (b[1] & 0xc0) == 0xc0)) {
            return PRIVATE;
        }
        if (first == 0x20 && b[1] == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return RESERVED;
        }
        boolean discard = first == 0x01
                && b[1] == 0
                && b[2] == 0
                && b[3] == 0
                && b[4] == 0
                && b[5] == 0
                && b[6] == 0
                && b[7] == 0;
        return discard ? RESERVED : PUBLIC;
    }
}
