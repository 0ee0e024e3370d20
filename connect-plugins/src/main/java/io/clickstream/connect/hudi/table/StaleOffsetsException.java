package io.clickstream.connect.hudi.table;

/**
 * A commit was refused at its commit point because another sink commit completed after this one read the table's
 * offsets (its coordinator lost the commit lock while it wrote). The instant is rolled back; planning again from
 * the table's current offsets is safe.
 */
public final class StaleOffsetsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public StaleOffsetsException(String message) {
        super(message);
    }
}
