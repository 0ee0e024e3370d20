package io.clickstream.gold.session;

import java.util.NoSuchElementException;
import org.apache.spark.sql.streaming.GroupState;

/** A {@link GroupState} for calling the sessionizer directly: holds the state and a settable watermark. */
final class FakeGroupState implements GroupState<byte[]> {

    byte[] state;
    long watermarkMs;
    long timeoutMs = -1;

    @Override
    public boolean exists() {
        return state != null;
    }

    @Override
    public byte[] get() {
        if (state == null) {
            throw new NoSuchElementException("no state");
        }
        return state;
    }

    @Override
    public scala.Option<byte[]> getOption() {
        return scala.Option.apply(state);
    }

    @Override
    public void update(byte[] newState) {
        state = newState;
    }

    @Override
    public void remove() {
        state = null;
    }

    @Override
    public boolean hasTimedOut() {
        return false;
    }

    @Override
    public void setTimeoutDuration(long durationMs) {
        timeoutMs = durationMs;
    }

    @Override
    public void setTimeoutDuration(String duration) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setTimeoutTimestamp(long timestampMs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setTimeoutTimestamp(long timestampMs, String additionalDuration) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setTimeoutTimestamp(java.sql.Date timestamp) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setTimeoutTimestamp(java.sql.Date timestamp, String additionalDuration) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long getCurrentWatermarkMs() {
        return watermarkMs;
    }

    @Override
    public long getCurrentProcessingTimeMs() {
        return System.currentTimeMillis();
    }
}
