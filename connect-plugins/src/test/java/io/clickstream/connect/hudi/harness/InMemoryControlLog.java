package io.clickstream.connect.hudi.harness;

import io.clickstream.connect.hudi.protocol.ControlEndpoint;
import io.clickstream.connect.hudi.protocol.ControlEndpoint.Checkpoint;
import io.clickstream.connect.hudi.protocol.ControlMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A single-partition control topic in memory: messages are serialized to JSON and back like on Kafka. */
public final class InMemoryControlLog {

    private final List<byte[]> messages = new ArrayList<>();
    private final Map<String, Integer> partitionCounts;
    private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();
    private final List<Long> seeks = new ArrayList<>();

    public InMemoryControlLog(Map<String, Integer> partitionCounts) {
        this.partitionCounts = partitionCounts;
    }

    private final java.util.concurrent.atomic.AtomicInteger failCommitted =
            new java.util.concurrent.atomic.AtomicInteger();

    /** The next {@code count} COMMITTED messages fail to send, as if their coordinator died right after its commit. */
    public void failNextCommitted(int count) {
        failCommitted.set(count);
    }

    private final java.util.concurrent.atomic.AtomicInteger injected = new java.util.concurrent.atomic.AtomicInteger();

    public int injectedFailures() {
        return injected.get();
    }

    public synchronized int size() {
        return messages.size();
    }

    /** Offsets that {@code seek}/{@code seekToBeginning} of any endpoint moved to, in order: where coordinators re-read from. */
    public synchronized List<Long> seeks() {
        return new ArrayList<>(seeks);
    }

    public synchronized List<ControlMessage> all() {
        return messages.stream().map(ControlMessage::fromBytes).toList();
    }

    public ControlEndpoint endpoint(String connector) {
        return new Endpoint(connector);
    }

    private final class Endpoint implements ControlEndpoint {
        private final String connector;
        private long position;
        private volatile boolean woken;
        private volatile boolean closed;

        Endpoint(String connector) {
            this.connector = connector;
        }

        @Override
        public void send(ControlMessage message) {
            if (closed) {
                throw new IllegalStateException("endpoint closed");
            }
            if (message.type() == ControlMessage.Type.COMMITTED
                    && failCommitted.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                injected.incrementAndGet();
                throw new IllegalStateException("injected: coordinator died after its Hudi commit");
            }
            synchronized (InMemoryControlLog.this) {
                messages.add(message.toBytes());
                InMemoryControlLog.this.notifyAll();
            }
        }

        @Override
        public void flush() {}

        @Override
        public List<Envelope> poll(Duration timeout) {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            synchronized (InMemoryControlLog.this) {
                while (position >= messages.size() && !woken && !closed) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        InMemoryControlLog.this.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                woken = false;
                List<Envelope> result = new ArrayList<>();
                while (position < messages.size()) {
                    ControlMessage message = ControlMessage.fromBytes(messages.get((int) position));
                    if (message != null && connector.equals(message.connector())) {
                        result.add(new Envelope(position, message));
                    }
                    position++;
                }
                return result;
            }
        }

        @Override
        public void seek(long offset) {
            synchronized (InMemoryControlLog.this) {
                position = offset;
                seeks.add(offset);
            }
        }

        @Override
        public void seekToBeginning() {
            seek(0);
        }

        @Override
        public void checkpoint(Checkpoint checkpoint) {
            checkpoints.put(connector, checkpoint);
        }

        @Override
        public Optional<Checkpoint> checkpoint() {
            return Optional.ofNullable(checkpoints.get(connector));
        }

        @Override
        public void seekToEnd() {
            synchronized (InMemoryControlLog.this) {
                position = messages.size();
            }
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public int partitionCount(String sinkTopic) {
            return partitionCounts.getOrDefault(sinkTopic, -1);
        }

        @Override
        public void wakeup() {
            woken = true;
            synchronized (InMemoryControlLog.this) {
                InMemoryControlLog.this.notifyAll();
            }
        }

        @Override
        public void close() {
            closed = true;
            wakeup();
        }
    }
}
