package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.stage.ChunkStore;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes staged files: those of chunks the coordinator has settled (committed, obsolete, rejected), and, every tenth
 * round, orphans that no pending chunk references and that are old enough to be leftovers of crashed tasks.
 *
 * <p>Never throws: a file that cannot be deleted now is logged and found again as an orphan later.
 */
final class StagingCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(StagingCleaner.class);

    /** Staged files nobody references are removed once this many commit intervals old (and at least 10 minutes). */
    static final int ORPHAN_AGE_INTERVALS = 20;

    static final long MIN_ORPHAN_AGE_MS = 10 * 60_000L;

    private final HudiSinkConfig config;
    private final ChunkStore store;
    private final ChunkReader reader;

    StagingCleaner(HudiSinkConfig config, ChunkStore store, ChunkReader reader) {
        this.config = config;
        this.store = store;
        this.reader = reader;
    }

    /** Deletes a settled chunk's file (and whatever was read ahead of it). */
    void delete(StagedChunk chunk) {
        if (chunk.path() == null) {
            return;
        }
        reader.forget(chunk);
        try {
            store.delete(chunk.path());
        } catch (RuntimeException e) {
            LOG.warn("Could not delete staged chunk {}: {}", chunk.path(), e.toString());
        }
    }

    /** Staged files that no pending message references and that are old enough are leftovers of crashed tasks. */
    void collectOrphans(int round, Predicate<Path> referenced) {
        if (round % 10 != 0) {
            return;
        }
        long maxAge = Math.max(MIN_ORPHAN_AGE_MS, ORPHAN_AGE_INTERVALS * config.commitIntervalMs());
        long now = System.currentTimeMillis();
        try {
            for (FileStatus file : store.list()) {
                if (!referenced.test(file.getPath()) && now - file.getModificationTime() > maxAge) {
                    LOG.info("Removing orphaned staged chunk {}", file.getPath());
                    store.delete(file.getPath().toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not clean the staging directory of {}: {}", config.tablePath(), e.toString());
        }
    }
}
