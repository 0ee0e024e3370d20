package io.clickstream.connect.transforms;

import io.clickstream.connect.text.Quoted;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A key naming a record field: what can be checked before any record is seen (a typo that is still a valid name
 * surfaces at the first record, see {@link SourceField}).
 */
public final class FieldNameValidator implements ConfigDef.Validator {
    /** Longest field name accepted. */
    public static final int MAX_LENGTH = 255;

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? "" : value.toString();
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new ConfigException(
                    name, Quoted.value(text), "must be a field name of 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw new ConfigException(
                        name, Quoted.value(text), "a field name holds no white space or control " + "characters");
            }
        }
    }

    @Override
    public String toString() {
        return "a field name: 1 to " + MAX_LENGTH + " characters, no white space or control characters";
    }
}
