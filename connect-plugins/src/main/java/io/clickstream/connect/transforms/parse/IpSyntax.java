package io.clickstream.connect.transforms.parse;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Checks that a text is an IPv4 dotted quad or an IPv6 address, without ever resolving a name.
 *
 * <p>{@link InetAddress#getByName} looks a name up in DNS when the text is not a literal it recognises (e.g.
 * {@code 999.1.1.1} or {@code cafe}), so it is only called on text that has passed a syntax check which leaves it
 * no such path: IPv4 is parsed here in full (four decimal octets 0–255, no leading zeros, no other characters);
 * IPv6 text must contain a colon and only hex digits, colons and dots (an embedded IPv4 tail), which the JDK
 * parses as a literal or rejects. Zone ids ({@code %eth0}) and brackets are refused.
 */
final class IpSyntax {
  /** Longest IPv6 text form: eight groups of four hex digits with an IPv4 tail is 45 characters. */
  private static final int MAX_IPV6_LENGTH = 45;

  private IpSyntax() {
  }

  static boolean isValid(String text) {
    return text.indexOf(':') < 0 ? isIpv4(text) : isIpv6(text);
  }

  static boolean isIpv4(String text) {
    int length = text.length();
    int octets = 0;
    int i = 0;
    while (i < length && octets < 4) {
      int start = i;
      int value = 0;
      while (i < length && i - start < 4) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return false;
      }
      octets++;
      if (octets < 4) {
        if (i >= length || text.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    return octets == 4 && i == length;
  }

  private static boolean isIpv6(String text) {
    if (text.length() < 2 || text.length() > MAX_IPV6_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') {
        return false;
      }
    }
    try {
      // Starts with a hex digit or ':' and holds a ':', so the JDK takes its literal path: never DNS.
      return InetAddress.getByName(text) != null;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
