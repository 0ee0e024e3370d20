package io.clickstream.connect.transforms.parse;

import org.apache.kafka.connect.errors.DataException;

/**
 * A click event that fails validation. The message names the field and the reason
 * ({@code field 'price': must not be negative, got -1.00}) so the dead-letter queue's context headers say why the
 * record was rejected; {@link #field()} and {@link #reason()} give the two parts to code.
 */
public final class InvalidEvent extends DataException {
  private static final long serialVersionUID = 1L;

  /** The pseudo-field of problems with the record as a whole (not JSON, too large, no lineage). */
  public static final String RECORD = "(record)";

  private final String field;
  private final String reason;

  public InvalidEvent(String field, String reason) {
    super("invalid click event: field '" + field + "': " + reason);
    this.field = field;
    this.reason = reason;
  }

  public InvalidEvent(String field, String reason, Throwable cause) {
    super("invalid click event: field '" + field + "': " + reason, cause);
    this.field = field;
    this.reason = reason;
  }

  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }
}
