package io.clickstream.connect.hudi.stage;

import io.clickstream.connect.hudi.table.KeyedRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reads staged chunks ahead of the commit that needs them, on a thread of its own, so the coordinator's next commit
 * does not start by reading its chunks back: while Hudi writes one commit, the chunks of the next are decoded.
 *
 * <p>Bounded by rows and bytes: at most {@code maxRows} rows and {@code maxBytes} estimated bytes of rows are held
 * read but not yet taken; a chunk offered beyond that is
 * read by {@link #take} when its commit needs it, exactly as without a prefetcher. Staged files never change once
 * announced, so a chunk read early holds what it would hold read late. Only the coordinator's thread calls the
 * public methods.
 */
public final class ChunkPrefetcher implements AutoCloseable {

    private final ChunkStore store;
    private final long maxRows;
    private final long maxBytes;
    private final ExecutorService reader;
    private final Map<String, Prefetched> prefetched = new HashMap<>();
    private long heldRows;
    private long heldBytes;

    private record Prefetched(long rows, long bytes, CompletableFuture<List<KeyedRow>> future) {}

    public ChunkPrefetcher(ChunkStore store, long maxRows, long maxBytes, String name) {
        this.store = store;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hudi-chunk-prefetch-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts reading the chunk at {@code path} in the background if the budgets allow; false if they do not.
     * A chunk already offered is not read again.
     *
     * @param bytes the estimated heap size of the chunk's rows
     */
    public boolean offer(String path, long rows, long bytes) {
        if (prefetched.containsKey(path)) {
            return true;
        }
        if (heldRows + rows > maxRows || heldBytes + bytes > maxBytes) {
            return false;
        }
        CompletableFuture<List<KeyedRow>> future;
        try {
            future = CompletableFuture.supplyAsync(() -> store.read(path), reader);
        } catch (RejectedExecutionException e) {
            return false; // closed
        }
        prefetched.put(path, new Prefetched(rows, bytes, future));
        heldRows += rows;
        heldBytes += bytes;
        return true;
    }

    /**
     * The chunk's rows: the prefetched ones (waiting for the read to finish) or, if it was never offered or did not fit,
     * read now. Throws what {@link ChunkStore#read} throws.
     */
    public List<KeyedRow> take(String path) {
        Prefetched entry = prefetched.remove(path);
        if (entry == null) {
            return store.read(path);
        }
        heldRows -= entry.rows();
        heldBytes -= entry.bytes();
        try {
            return entry.future().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause; // e.g. the UncheckedIOException of a missing file, as a direct read throws it
            }
            throw e;
        }
    }

    /** Drops what was read for a chunk that will not be committed by this coordinator (deleted, rejected). */
    public void forget(String path) {
        Prefetched entry = prefetched.remove(path);
        if (entry != null) {
            heldRows -= entry.rows();
            heldBytes -= entry.bytes();
            entry.future().cancel(false);
        }
    }

    /** Rows held read (or being read) and not yet taken. */
    public long heldRows() {
        return heldRows;
    }

    /** Estimated bytes of the rows held read (or being read) and not yet taken. */
    public long heldBytes() {
        return heldBytes;
    }

    @Override
    public void close() {
        prefetched.values().forEach(p -> p.future().cancel(false));
        prefetched.clear();
        heldRows = 0;
        heldBytes = 0;
        reader.shutdownNow();
    }
}
