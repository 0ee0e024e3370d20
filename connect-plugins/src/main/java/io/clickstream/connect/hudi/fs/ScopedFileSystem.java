package io.clickstream.connect.hudi.fs;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathHandle;
import org.apache.hadoop.fs.impl.OpenFileParameters;

/**
 * A view of its {@link FileSystemScope}'s file system for one scheme and bucket. Hadoop creates one per
 * {@code FileSystem.get} (the scheme's cache is off in a scope's configuration); views are cheap and share the
 * scope's file system, which only the scope closes. Input streams opened through a view are counted by the scope
 * until they are closed.
 */
public final class ScopedFileSystem extends FilterFileSystem {

    private FileSystemScope scope;

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        scope = FileSystemScope.of(conf);
        fs = scope.delegate(name, conf);
        super.initialize(name, conf);
    }

    @Override
    public String getScheme() {
        return fs.getScheme();
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        return tracked(fs.open(f, bufferSize));
    }

    @Override
    public FSDataInputStream open(PathHandle fd, int bufferSize) throws IOException {
        return tracked(fs.open(fd, bufferSize));
    }

    @Override
    protected CompletableFuture<FSDataInputStream> openFileWithOptions(Path path, OpenFileParameters parameters)
            throws IOException {
        return super.openFileWithOptions(path, parameters).thenApply(this::tracked);
    }

    @Override
    protected CompletableFuture<FSDataInputStream> openFileWithOptions(
            PathHandle pathHandle, OpenFileParameters parameters) throws IOException {
        return super.openFileWithOptions(pathHandle, parameters).thenApply(this::tracked);
    }

    private FSDataInputStream tracked(FSDataInputStream in) {
        return new FSDataInputStream(new TrackedInputStream(in, scope));
    }

    /** The scope's file system stays open for the other views: only {@link FileSystemScope#close} closes it. */
    @Override
    public void close() {}
}
