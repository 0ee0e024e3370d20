package io.clickstream.connect.hudi.fs;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.CanUnbuffer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * An input stream of a {@link ScopedFileSystem}: every call goes to the file system's own stream; opening and the
 * first close are counted by the scope. It is an {@link FSInputStream}, as the store's own stream is, so readers that
 * look at the wrapped stream's type (Hudi wraps an {@code FSInputStream} to bound seeks in log files) see the same.
 * It offers no {@code ByteBufferReadable} reads (readers that look for them use byte arrays instead): the stores' own
 * streams mostly lack them too, and claiming them for one that lacks them fails the read.
 */
final class TrackedInputStream extends FSInputStream implements CanUnbuffer, StreamCapabilities {

    private final FSDataInputStream in;
    private final FileSystemScope scope;
    private final AtomicBoolean closed = new AtomicBoolean();

    TrackedInputStream(FSDataInputStream in, FileSystemScope scope) {
        this.in = in;
        this.scope = scope;
        scope.inputOpened(this);
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) throws IOException {
        return in.read(position, buffer, offset, length);
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
        in.readFully(position, buffer, offset, length);
    }

    @Override
    public void seek(long pos) throws IOException {
        in.seek(pos);
    }

    @Override
    public long getPos() throws IOException {
        return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long targetPos) throws IOException {
        return in.seekToNewSource(targetPos);
    }

    @Override
    public long skip(long n) throws IOException {
        return in.skip(n);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void unbuffer() {
        in.unbuffer();
    }

    @Override
    public boolean hasCapability(String capability) {
        return in.hasCapability(capability);
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            scope.inputClosed(this);
        }
        in.close();
    }

    @Override
    public String toString() {
        return "tracked(" + in + ")";
    }
}
