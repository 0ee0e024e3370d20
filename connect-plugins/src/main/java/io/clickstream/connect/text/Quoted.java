package io.clickstream.connect.text;

/**
 * Input as a rejection may quote it: a bounded prefix, printable and storable anywhere the reason goes (a Kafka
 * header, the dead-letter table, PostgreSQL {@code text}, which refuses U+0000). Control characters (C0, DEL, C1),
 * format characters and line separators (bidi overrides, U+2028), noncharacters and surrogates that are not half of a
 * pair are written as the six characters {@code \}{@code uXXXX}; a cut is marked {@code ...}. Only the quoted prefix
 * is read, so quoting costs the same for a huge text as for a short one.
 */
public final class Quoted {
    /** Most characters of a field name in a reason. */
    public static final int MAX_FIELD_CHARS = 100;
    /** Most characters of a whole reason. */
    public static final int MAX_REASON_CHARS = 400;
    /** Most characters of a value quoted inside a reason. */
    public static final int MAX_VALUE_CHARS = 80;

    private static final String CUT = "...";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Quoted() {}

    /** {@code 'value'}, the value's prefix of at most {@link #MAX_VALUE_CHARS} characters, escaped. */
    public static String value(Object value) {
        return "'" + prefix(String.valueOf(value), MAX_VALUE_CHARS) + "'";
    }

    /** The text escaped, cut to at most {@code max} characters (the cut marked, within {@code max}). */
    public static String prefix(String text, int max) {
        if (text.length() <= max && printable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(Math.min(max, text.length() + 16));
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int width = 1;
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                width = 2;
            } else if (escaped(c)) {
                width = 6;
            }
            // Room for the marker unless this is the text's last character.
            int reserve = i + (pair ? 2 : 1) < text.length() ? CUT.length() : 0;
            if (out.length() + width + reserve > max) {
                out.append(CUT);
                return out.toString();
            }
            if (pair) {
                out.append(c).append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            if (width == 6) {
                out.append('\\')
                        .append('u')
                        .append(HEX[c >> 12])
                        .append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** Whether no character of the text needs escaping (paired surrogates are fine). */
    public static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (escaped(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a character (not half of a pair) is written as an escape. */
    private static boolean escaped(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
            return true;
        }
        if (c < 0xa0) {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || (c >= 0xfdd0 && c <= 0xfdef)
                || c >= 0xfffe;
    }
}
