package io.clickstream.connect.transforms;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Reads an IPv4 dotted quad or an IPv6 address from text, without ever resolving a name.
 *
 * <p>{@link InetAddress#getByName} looks a name up in DNS when the text is not a literal it recognises (e.g.
 * {@code 999.1.1.1} or {@code cafe}), so it is never given such text: IPv4 is parsed here in full (four decimal
 * octets 0–255, no leading zeros, nothing else) and built with {@link InetAddress#getByAddress}; IPv6 text must
 * contain a colon and only hex digits, colons and dots (an embedded IPv4 tail), which the JDK parses as a literal or
 * rejects. Zone ids ({@code %eth0}) and brackets are refused.
 *
 * <p>{@link #clientAddress} reads the forms clients and proxies send in an address header: a list (X-Forwarded-For:
 * the client first, then each proxy), a port, IPv6 in brackets.
 */
public final class IpLiteral {
    /** Longest IPv6 text form: six groups of four hex digits and an IPv4 tail is 45 characters. */
    private static final int MAX_IPV6_LENGTH = 45;
    /** Longest first entry of a list worth reading: a bracketed IPv6 literal with a port, {@code [...]:65535}. */
    private static final int MAX_ENTRY_LENGTH = MAX_IPV6_LENGTH + 8;

    private static final int MAX_PORT = 65_535;

    private IpLiteral() {}

    /** Whether the text is an IPv4 or IPv6 literal (IPv4 checked without building an address). */
    public static boolean isValid(String text) {
        return text.indexOf(':') < 0 ? ipv4Bytes(text) != null : ipv6(text) != null;
    }

    /**
     * The client's address in an address header's text, or {@code null} when there is none: the first entry of a
     * comma-separated list (X-Forwarded-For puts the client first, as Snowplow reads it), trimmed, without a port
     * ({@code 1.2.3.4:5678}, {@code [2001:db8::1]:443}) or IPv6 brackets, and an IPv4 or IPv6 literal. The address
     * text is returned as sent, not reformatted. Reads at most the first {@value #MAX_ENTRY_LENGTH} characters, so a
     * list of any length costs no more than its first entry.
     */
    public static String clientAddress(String text) {
        int end = 0;
        int limit = Math.min(text.length(), MAX_ENTRY_LENGTH + 1);
        while (end < limit && text.charAt(end) != ',') {
            end++;
        }
        if (end > MAX_ENTRY_LENGTH) {
            return null;
        }
        String entry = text.substring(0, end).strip();
        String host = withoutPort(entry);
        return host != null && isValid(host) ? host : null;
    }

    /** The host of {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; null when malformed. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0
                    || (close + 1 < entry.length() && (entry.charAt(close + 1) != ':' || !port(entry, close + 2)))) {
                return null;
            }
            String host = entry.substring(1, close);
            // Brackets hold IPv6 only.
            return host.indexOf(':') >= 0 ? host : null;
        }
        int colon = entry.indexOf(':');
        if (colon >= 0 && entry.indexOf(':', colon + 1) < 0) {
            // One colon: IPv4 with a port (IPv6 has at least two).
            return port(entry, colon + 1) ? entry.substring(0, colon) : null;
        }
        return entry;
    }

    /** Whether the text from {@code start} to its end is a port number, 0 to 65535. */
    private static boolean port(String text, int start) {
        int digits = text.length() - start;
        if (digits < 1 || digits > 5) {
            return false;
        }
        int value = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_PORT;
    }

    /** The address, or {@code null} when the text is not an IPv4 or IPv6 literal. */
    public static InetAddress parse(String text) {
        return text.indexOf(':') < 0 ? ipv4(text) : ipv6(text);
    }

    private static InetAddress ipv4(String text) {
        byte[] bytes = ipv4Bytes(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static byte[] ipv4Bytes(String text) {
        byte[] bytes = new byte[4];
        int length = text.length();
        int i = 0;
        for (int octet = 0; octet < 4; octet++) {
            int start = i;
            int value = 0;
            while (i < length && i - start < 4 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            bytes[octet] = (byte) value;
            if (octet < 3) {
                if (i >= length || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == length ? bytes : null;
    }

    private static InetAddress ipv6(String text) {
        if (text.length() < 2 || text.length() > MAX_IPV6_LENGTH) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            // Starts with a hex digit or ':' and holds a ':', so the JDK takes its literal path: never DNS.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
