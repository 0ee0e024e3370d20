package io.clickstream.connect.hudi.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One endpoint of the control topic: what coordinators and participants need from it. */
public interface ControlEndpoint extends AutoCloseable {

    /** A message and where it sits on the control topic. */
    record Envelope(long offset, ControlMessage message) {}

    /** A read position a successor may start from, valid only for the table state {@code tag} names. */
    record Checkpoint(long offset, String tag) {}

    void send(ControlMessage message);

    /** Waits until every message sent so far is acknowledged; throws when one was not. */
    void flush();

    /** This connector's messages, in topic order. */
    List<Envelope> poll(Duration timeout);

    void seek(long offset);

    void seekToBeginning();

    void seekToEnd();

    /** The offset of the next message this endpoint will read. */
    long position();

    /**
     * Stores a read position for a successor, best effort: a failure is logged, never thrown (the successor then
     * starts from the table's control offset, only slower). Endpoints without a store ignore it.
     */
    default void checkpoint(Checkpoint checkpoint) {}

    /** The last stored checkpoint, if any (best effort: empty when it cannot be read). */
    default Optional<Checkpoint> checkpoint() {
        return Optional.empty();
    }

    /** Partition count of a sink topic, or -1 when it is unknown. */
    int partitionCount(String sinkTopic);

    /** Makes a blocked {@link #poll} return early (from another thread). */
    void wakeup();

    @Override
    void close();
}
