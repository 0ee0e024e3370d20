package io.clickstream.local.process;

/**
 * Text that comes from outside the launcher (a child's log, a dead letter's reason, i.e. from a record anyone can
 * produce) made safe for one line of the terminal: control characters, line and paragraph separators, bidirectional
 * controls and lone surrogates are escaped as {@code \n}, {@code \r}, {@code \t} or {@code \\uXXXX}, so such text can
 * neither move the cursor, recolour the terminal nor forge a line of its own; and it is cut to a length.
 */
public final class TerminalText {

    /** Marks text cut at its length bound. */
    public static final String CUT = "…";

    private TerminalText() {}

    /**
     * {@code text} escaped and cut to at most {@code maxChars} characters, the {@link #CUT} mark included; an escape
     * or a surrogate pair is never split. Reads no more of {@code text} than it keeps, so a huge text costs nothing.
     */
    public static String escape(String text, int maxChars) {
        if (maxChars <= CUT.length()) {
            throw new IllegalArgumentException("maxChars must be more than " + CUT.length() + ", was " + maxChars);
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars));
        int keepIfCut = 0; // the length at the last boundary that leaves room for the cut mark
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int chars = Character.charCount(cp);
            String piece = escapeOf(cp);
            if (out.length() + (piece == null ? chars : piece.length()) > maxChars) {
                out.setLength(keepIfCut);
                return out.append(CUT).toString();
            }
            if (piece == null) {
                out.append(text, i, i + chars);
            } else {
                out.append(piece);
            }
            if (out.length() <= maxChars - CUT.length()) {
                keepIfCut = out.length();
            }
            i += chars;
        }
        return out.toString();
    }

    /** The escape of a code point, or null when it prints as itself. */
    private static String escapeOf(int cp) {
        return switch (cp) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default ->
                Character.isISOControl(cp)
                                || cp <= 0xFFFF && Character.isSurrogate((char) cp)
                                || cp == 0x2028
                                || cp == 0x2029
                                || (cp >= 0x202A && cp <= 0x202E)
                                || (cp >= 0x2066 && cp <= 0x2069)
                                || cp == 0x200E
                                || cp == 0x200F
                        ? String.format("\\u%04x", cp)
                        : null;
        };
    }
}
