package io.clickstream.gold.postgres;

/**
 * Text PostgreSQL stores, made from any Java string; Gold passes every string it writes through it, so that no
 * record's bytes can fail a batch's transaction on every replay.
 * <ul>
 *   <li>U+0000, which {@code text} refuses (SQLSTATE 22021), and the other C0 controls but tab, line feed and
 *       carriage return become the six characters {@code \u0000} .. {@code \u001f} (a backslash stays as it is, so
 *       the escape cannot be told from the same text sent literally);</li>
 *   <li>a lone surrogate (no UTF-8 form) becomes U+FFFD;</li>
 *   <li>a string longer than the cap is cut to it, its last character {@code …}, never inside a surrogate pair.</li>
 * </ul>
 * The result is the string itself when nothing needed to change, and passing a result through again changes nothing.
 */
public final class StorableText {

    /**
     * Cap of a column in an index (a key, or part of one): a btree entry holds at most 2,704 bytes, and 512 UTF-16
     * characters are at most 1,536 bytes of UTF-8.
     */
    public static final int KEY_CHARS = 512;
    /** Cap of any other text column: room for any message Connect writes, no room for a record to swell a batch. */
    public static final int TEXT_CHARS = 8_192;

    private static final char CUT = '…';

    private StorableText() {}

    /** {@code value} storable in a text column outside any index; null stays null. */
    public static String of(String value) {
        return of(value, TEXT_CHARS);
    }

    /** {@code value} storable in an indexed text column; null stays null. */
    public static String key(String value) {
        return of(value, KEY_CHARS);
    }

    static String of(String value, int maxChars) {
        if (value == null || (value.length() <= maxChars && storable(value))) {
            return value;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxChars) + 16);
        for (int i = 0; i < value.length() && out.length() <= maxChars; i++) {
            char c = value.charAt(i);
            if (escaped(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        if (out.length() > maxChars) {
            int end = maxChars - 1;
            if (Character.isHighSurrogate(out.charAt(end - 1))) {
                end--;
            }
            out.setLength(end);
            out.append(CUT);
        }
        return out.toString();
    }

    private static boolean storable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped(c)) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c)
                        || i + 1 >= value.length()
                        || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static boolean escaped(char c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    }
}
