package io.clickstream.connect.hudi.convert;

/** Avro names allow [A-Za-z_][A-Za-z0-9_]*: field names from Kafka data are mapped onto that alphabet. */
final class AvroNames {

  private AvroNames() {
  }

  static String sanitize(String name) {
    if (name == null || name.isEmpty()) {
      return "_";
    }
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
      out.append(ok ? c : '_');
    }
    return out.toString();
  }
}
