package io.clickstream.connect.text;

/** Character checks shared by the parse transform's field checks and the Bronze user id: what a stored string may hold. */
public final class TextChecks {
    private TextChecks() {}

    /** Whether the text holds a C0 or C1 control character or DEL (tabs and line breaks included). */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The index of the first control character (as {@link #hasControlCharacter}) or lone surrogate (as
     * {@link #loneSurrogate}), or -1: what no stored string may hold. One pass, one comparison a character for text
     * without either.
     */
    public static int unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                if (c < 0x20 || c <= 0x9f) {
                    return i;
                }
                if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                    if (c > Character.MAX_HIGH_SURROGATE
                            || i + 1 == text.length()
                            || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return i;
                    }
                    i++;
                }
            }
        }
        return -1;
    }

    /**
     * The index of the first surrogate that is not half of a pair (a high one not followed by a low one, or a low one
     * alone), or -1. Such a char is no character: UTF-8 cannot encode it, and Java's encoder writes {@code ?}.
     */
    public static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (c > Character.MAX_HIGH_SURROGATE
                        || i + 1 == text.length()
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    /** Says what {@link #loneSurrogate} found at {@code at}: the reason's wording. */
    public static String describeLoneSurrogate(String text, int at) {
        return "a lone surrogate " + String.format("\\u%04x", (int) text.charAt(at)) + " at character " + at
                + " (half a surrogate pair without its other half, e.g. a JSON escape): not a character";
    }
}
