package io.clickstream.gold.load;

import io.clickstream.gold.postgres.StorableText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into {@code COPY table (columns) FROM STDIN (FORMAT csv)} through pgjdbc's CopyManager, encoding
 * each value as CSV: strings made storable ({@link StorableText}) and always quoted (so an empty string stays
 * empty), null as an unquoted empty field, times as ISO-8601 UTC.
 */
final class CopyRows implements AutoCloseable {

    private static final int FLUSH_BYTES = 1 << 16;

    private final CopyIn copy;
    private final StringBuilder line = new StringBuilder(256);
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 1024);
    private boolean firstField = true;
    private long rows;

    CopyRows(Connection connection, String tableAndColumns) throws SQLException {
        this.copy = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + tableAndColumns + " FROM STDIN (FORMAT csv)");
    }

    CopyRows text(String value) {
        separate();
        if (value != null) {
            line.append('"')
                    .append(StorableText.of(value).replace("\"", "\"\""))
                    .append('"');
        }
        return this;
    }

    CopyRows number(long value) {
        separate();
        line.append(value);
        return this;
    }

    /** A floating-point value, empty (NULL) for null; Java's shortest exact form, which PostgreSQL reads back exactly. */
    CopyRows decimal(Double value) {
        separate();
        if (value != null) {
            line.append(value.doubleValue());
        }
        return this;
    }

    CopyRows cents(long value) {
        separate();
        line.append(BigDecimal.valueOf(value, 2).toPlainString());
        return this;
    }

    CopyRows bool(boolean value) {
        separate();
        line.append(value ? 't' : 'f');
        return this;
    }

    CopyRows time(long epochMillis) {
        separate();
        line.append(Instant.ofEpochMilli(epochMillis));
        return this;
    }

    CopyRows minute(long epochMinute) {
        return time(epochMinute * 60_000L);
    }

    void endRow() throws SQLException {
        buffer.append(line).append('\n');
        line.setLength(0);
        firstField = true;
        rows++;
        if (buffer.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    private void separate() {
        if (!firstField) {
            line.append(',');
        }
        firstField = false;
    }

    private void flush() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** Sends what is buffered and ends the COPY; returns the rows sent. */
    long finish() throws SQLException {
        flush();
        copy.endCopy();
        return rows;
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
