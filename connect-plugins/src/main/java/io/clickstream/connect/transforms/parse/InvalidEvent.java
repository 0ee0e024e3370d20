package io.clickstream.connect.transforms.parse;

import io.clickstream.connect.text.Quoted;
import org.apache.kafka.connect.errors.DataException;

/**
 * A click event that fails validation. The message names the field and the reason
 * ({@code field 'price': must not be negative, got -1.00}) so the dead-letter queue's context headers say why the
 * record was rejected; {@link #field()} and {@link #reason()} give the two parts to code.
 *
 * <p>Whatever the input, the message is short and storable: the field is cut to {@value Quoted#MAX_FIELD_CHARS}
 * characters and the reason to {@value Quoted#MAX_REASON_CHARS}, with control characters, lone surrogates and the
 * like escaped ({@link Quoted}), because Connect copies it into {@code __connect.errors.exception.message} and the
 * stack-trace header, and from there it reaches the dead-letter table and PostgreSQL. There is no cause: a parser's
 * exception quotes the input in its own words, and its message would reach the stack-trace header unchecked.
 */
public final class InvalidEvent extends DataException {
    private static final long serialVersionUID = 1L;

    /** The pseudo-field of problems with the record as a whole (not JSON, too large, no lineage). */
    public static final String RECORD = "(record)";

    private final String field;
    private final String reason;

    public InvalidEvent(String field, String reason) {
        super("invalid click event: field '" + Quoted.prefix(field, Quoted.MAX_FIELD_CHARS) + "': "
                + Quoted.prefix(reason, Quoted.MAX_REASON_CHARS));
        this.field = Quoted.prefix(field, Quoted.MAX_FIELD_CHARS);
        this.reason = Quoted.prefix(reason, Quoted.MAX_REASON_CHARS);
    }

    /** The field as the message names it (escaped and cut like the message). */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
