package io.clickstream.connect.transforms;

/**
 * Input quoted in an error message, bounded and storable: a message lands in a dead letter's headers and in the
 * dead-letter table, so a value of any length or content must not make it large or hold control characters.
 */
public final class Excerpt {
  /** Characters of the input a message quotes at most. */
  public static final int MAX_QUOTED = 100;

  private Excerpt() {
  }

  /**
   * The text in single quotes: at most {@value #MAX_QUOTED} characters, control characters (C0, DEL, C1) as
   * {@code \\uXXXX}, and when cut, the text's full length after it.
   */
  public static String quoted(String text) {
    return of(text, MAX_QUOTED, true);
  }

  /** The text, unquoted, bounded and escaped like {@link #quoted}, to at most {@code max} characters. */
  public static String of(String text, int max) {
    return of(text, max, false);
  }

  private static String of(String text, int max, boolean quotes) {
    int shown = Math.min(text.length(), max);
    if (shown < text.length() && shown > 0 && Character.isHighSurrogate(text.charAt(shown - 1))) {
      shown--; // never half a character
    }
    StringBuilder out = new StringBuilder(shown + 32);
    if (quotes) {
      out.append('\'');
    }
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (quotes) {
      out.append('\'');
    }
    if (shown < text.length()) {
      out.append("... (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }
}
