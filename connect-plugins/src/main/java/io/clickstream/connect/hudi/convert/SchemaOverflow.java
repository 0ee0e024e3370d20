package io.clickstream.connect.hudi.convert;

import java.util.Locale;

/** What becomes of a record whose new fields the table may not take as columns ({@link SchemaGuard}). */
public enum SchemaOverflow {
    DEAD_LETTER,
    DROP_FIELD;

    /** From the setting's value: {@code dead-letter} or {@code drop-field}. */
    public static SchemaOverflow of(String value) {
        return valueOf(value.replace('-', '_').toUpperCase(Locale.ROOT));
    }
}
