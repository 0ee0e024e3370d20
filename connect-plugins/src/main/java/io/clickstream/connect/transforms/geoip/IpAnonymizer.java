package io.clickstream.connect.transforms.geoip;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Truncates an address to its network: IPv4 to /24 ({@code a.b.c.0}), IPv6 to /48 ({@code a:b:c::}). */
final class IpAnonymizer {
    private IpAnonymizer() {}

    static String truncate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0";
        }
        return Integer.toHexString(group(b, 0)) + ":" + Integer.toHexString(group(b, 2)) + ":"
                + Integer.toHexString(group(b, 4)) + "::";
    }

    private static int group(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
