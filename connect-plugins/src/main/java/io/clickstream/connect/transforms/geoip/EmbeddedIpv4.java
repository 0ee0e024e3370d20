package io.clickstream.connect.transforms.geoip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The IPv4 address an IPv6 transition address carries: classed and located by its IPv6 prefix, {@code
 * 2002:a00:1::1} would be a public address when it stands for 10.0.0.1.
 *
 * <ul>
 *   <li>IPv4-compatible {@code ::a.b.c.d} (RFC 4291, deprecated; {@code ::} and {@code ::1} excepted);</li>
 *   <li>IPv4-mapped {@code ::ffff:a.b.c.d} (the JDK reads its text as IPv4 already) and IPv4-translated
 *       {@code ::ffff:0:a.b.c.d} (RFC 2765);</li>
 *   <li>NAT64's well-known prefix {@code 64:ff9b::/96} (RFC 6052): the last 32 bits;</li>
 *   <li>6to4 {@code 2002::/16} (RFC 3056): bits 16 to 47;</li>
 *   <li>Teredo {@code 2001::/32} (RFC 4380): the client's public address, the last 32 bits inverted.</li>
 * </ul>
 */
final class EmbeddedIpv4 {
    private EmbeddedIpv4() {}

    /** The IPv4 address the address stands for: the embedded one, or the address itself. */
    static InetAddress of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        if (zero(b, 0, 10)) {
            boolean compatible = b[10] == 0 && b[11] == 0 && !(zero(b, 12, 15) && (b[15] == 0 || b[15] == 1));
            boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            return compatible || mapped ? ipv4(b, 12, 0) : address;
        }
        if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
            return ipv4(b, 12, 0);
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12)) {
            return ipv4(b, 12, 0);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return ipv4(b, 2, 0);
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            return ipv4(b, 12, 0xff);
        }
        return address;
    }

    /** Whether bytes {@code from} (inclusive) to {@code to} (exclusive) are all zero. */
    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address ipv4(byte[] b, int at, int mask) {
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            v4[i] = (byte) (b[at + i] ^ mask);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
