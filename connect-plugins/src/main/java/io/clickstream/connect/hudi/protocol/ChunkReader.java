package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.stage.ChunkPrefetcher;
import io.clickstream.connect.hudi.stage.ChunkStore;
import io.clickstream.connect.hudi.table.KeyedRow;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows of the chunks a commit takes, and reads ahead the chunks the next commit will take while Hudi writes
 * this one ({@link ChunkPrefetcher}, at most one commit's rows and bytes held read ahead).
 *
 * <p>A staged file that is gone (its sender's task deleted it, or a predecessor committed and deleted it) is reported
 * as {@link Read#missing()}, not thrown: its sender restarts from the committed offset. Any other read error is
 * thrown. Only the coordinator's thread calls it.
 */
final class ChunkReader implements AutoCloseable {

    /** @param rows the accepted chunks' rows in chain order; null if {@code missing} is set */
    record Read(List<KeyedRow> rows, StagedChunk missing) {}

    private final ChunkPrefetcher prefetcher;

    ChunkReader(ChunkStore store, long maxRowsAhead, long maxBytesAhead, String connector) {
        this.prefetcher = new ChunkPrefetcher(store, maxRowsAhead, maxBytesAhead, connector);
    }

    /** A chunk was announced: read it ahead if the budget allows. */
    void announced(StagedChunk chunk) {
        if (chunk.path() != null) {
            prefetcher.offer(chunk.path(), chunk.recordCount(), chunk.bytes());
        }
    }

    /** Reads ahead the next commit's chunks, in order, as far as the budget allows. */
    void readAhead(List<StagedChunk> chunks) {
        for (StagedChunk chunk : chunks) {
            if (chunk.path() != null && !prefetcher.offer(chunk.path(), chunk.recordCount(), chunk.bytes())) {
                return; // the budget is full: the rest is read when its commit needs it
            }
        }
    }

    /** Rows of the accepted chunks in chain order, or the first chunk whose staged file is gone. */
    Read read(List<StagedChunk> accepted) {
        List<KeyedRow> rows = new ArrayList<>();
        for (StagedChunk chunk : accepted) {
            if (chunk.path() == null) {
                continue; // a range of skipped records (dead-lettered or tombstones): offsets only
            }
            try {
                rows.addAll(prefetcher.take(chunk.path()));
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof FileNotFoundException)) {
                    throw e;
                }
                return new Read(null, chunk);
            }
        }
        return new Read(rows, null);
    }

    /** Drops what was read ahead for a chunk this coordinator will not commit. */
    void forget(StagedChunk chunk) {
        if (chunk.path() != null) {
            prefetcher.forget(chunk.path());
        }
    }

    @Override
    public void close() {
        prefetcher.close();
    }
}
