package io.clickstream.connect.hudi.fs;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hudi.common.fs.ConsistencyGuard;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.hudi.hadoop.fs.inline.InLineFsDataInputStream;
import org.apache.hudi.io.SeekableDataInputStream;
import org.apache.hudi.io.hadoop.HadoopSeekableDataInputStream;
import org.apache.hudi.storage.HoodieStorage;
import org.apache.hudi.storage.StorageConfiguration;
import org.apache.hudi.storage.StoragePath;
import org.apache.hudi.storage.hadoop.HoodieHadoopStorage;
import org.apache.hudi.storage.inline.InLineFSUtils;

/**
 * Hudi's Hadoop storage, except that closing a stream over a range of another file ({@code inlinefs://}, how Hudi
 * reads the HFile blocks of its metadata table's log files) also closes the stream of that outer file. Hudi 1.2.0's
 * {@code InLineFsDataInputStream} leaves it open (fixed upstream by apache/hudi#19936, in no release this project can
 * resolve whole): every metadata-table lookup of a commit (bloom filters, column statistics, file listings) leaked
 * one, which on S3A holds a connection of the pool until the pool runs dry and every read waits for a connection that
 * never comes back. {@link #install} makes a configuration use it: {@link FileSystemScope} does for the sink's table
 * writers. (Spark's reads of a table, the Gold job's, list its files through the metadata table without such lookups
 * and were measured to leave nothing open: {@code HudiTableStatsTest} in hudi-table-tools.)
 */
public class InlineClosingStorage extends HoodieHadoopStorage {

    public static final String STORAGE_CLASS_KEY = "hoodie.storage.class";

    /**
     * Makes Hudi use this storage (through {@link InlineClosingIOFactory}, whence its meta clients take theirs) with
     * {@code conf}, unless {@code conf} names other classes already.
     */
    public static Configuration install(Configuration conf) {
        if (conf.get(STORAGE_CLASS_KEY) == null) {
            conf.set(STORAGE_CLASS_KEY, InlineClosingStorage.class.getName());
        }
        if (conf.get(InlineClosingIOFactory.IO_FACTORY_CLASS_KEY) == null) {
            conf.set(InlineClosingIOFactory.IO_FACTORY_CLASS_KEY, InlineClosingIOFactory.class.getName());
        }
        return conf;
    }

    public InlineClosingStorage(StoragePath path, StorageConfiguration<?> conf) {
        super(path, conf);
    }

    public InlineClosingStorage(
            StoragePath path,
            StorageConfiguration<?> conf,
            boolean retryEnabled,
            long maxRetryIntervalMs,
            int maxRetries,
            long initialRetryIntervalMs,
            String retryExceptions,
            ConsistencyGuard consistencyGuard) {
        super(
                path,
                conf,
                retryEnabled,
                maxRetryIntervalMs,
                maxRetries,
                initialRetryIntervalMs,
                retryExceptions,
                consistencyGuard);
    }

    @Override
    public HoodieStorage newInstance(StoragePath path, StorageConfiguration<?> storageConf) {
        return new InlineClosingStorage(path, storageConf);
    }

    @Override
    public InputStream open(StoragePath path) throws IOException {
        return isInline(path) ? openInline(path, getDefaultBufferSize()) : super.open(path);
    }

    @Override
    public SeekableDataInputStream openSeekable(StoragePath path, int bufferSize, boolean wrapStream)
            throws IOException {
        return isInline(path)
                ? new HadoopSeekableDataInputStream(openInline(path, bufferSize))
                : super.openSeekable(path, bufferSize, wrapStream);
    }

    private static boolean isInline(StoragePath path) {
        return InLineFSUtils.SCHEME.equals(path.toUri().getScheme());
    }

    /** What Hudi's inline file system opens, with a close that reaches the outer file's stream. */
    private FSDataInputStream openInline(StoragePath inlinePath, int bufferSize) throws IOException {
        Path outerPath = HadoopFSUtils.convertToHadoopPath(InLineFSUtils.getOuterFilePathFromInlinePath(inlinePath));
        FSDataInputStream outer =
                outerPath.getFileSystem(getConf().unwrapAs(Configuration.class)).open(outerPath, bufferSize);
        try {
            return new InLineFsDataInputStream(
                    InLineFSUtils.startOffset(inlinePath), outer, InLineFSUtils.length(inlinePath)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        outer.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            outer.close();
            throw e;
        }
    }
}
