package io.clickstream.connect.hudi.convert;

/**
 * Bounds on text that quotes data. A dead letter carries its reason in Connect's headers (message and stack trace);
 * a letter over the producer's {@code max.request.size} cannot be produced, which fails the task.
 */
public final class Reasons {

  /** Longest reason a dead letter carries. */
  public static final int MAX_REASON = 1_000;

  private Reasons() {
  }

  /** {@code text} cut to {@link #MAX_REASON} characters, saying how much was left out. */
  public static String bounded(String text) {
    if (text == null || text.length() <= MAX_REASON) {
      return text;
    }
    String omitted = "... (" + (text.length() - MAX_REASON) + " more characters)";
    return text.substring(0, MAX_REASON - omitted.length()) + omitted;
  }
}
