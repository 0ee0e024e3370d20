package io.clickstream.connect.transforms.parse;

import java.nio.charset.StandardCharsets;

/**
 * Escapes what browsers send unescaped in a URL's path, query and fragment but {@link java.net.URI} refuses (RFC
 * 2396): space and the other space characters, {@code " < > \ ^ ` { | } [ ]}, and a {@code #} after the first
 * (the WHATWG URL standard leaves these in a query as they are, e.g. {@code ?q=a|b}, {@code ?filter[color]=red}).
 * Each becomes its UTF-8 bytes percent-encoded, which is how {@code URI} reads the URL's parts afterwards (a
 * decoded query value is the same character again). A stray {@code %} is not escaped: it stays a rejection.
 */
final class BrowserUrlText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private BrowserUrlText() {}

    /** The text with such characters from index {@code from} on escaped; the text itself when there are none. */
    static String escapeFrom(String text, int from) {
        int fragment = text.indexOf('#', from);
        int first = firstToEscape(text, from, fragment);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (refused(c) || (c == '#' && i != fragment)) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstToEscape(String text, int from, int fragment) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (refused(c) || (c == '#' && i != fragment)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean refused(char c) {
        return switch (c) {
            case ' ', '"', '<', '>', '\\', '^', '`', '{', '|', '}', '[', ']' -> true;
            default -> c > 0x7f && Character.isSpaceChar(c);
        };
    }
}
