package io.clickstream.connect.transforms.parse;

/** Character checks shared by the field checks. */
final class TextChecks {
  private TextChecks() {
  }

  /** Whether the text holds a C0 or C1 control character or DEL (tabs and line breaks included). */
  static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
    }
    return false;
  }
}
