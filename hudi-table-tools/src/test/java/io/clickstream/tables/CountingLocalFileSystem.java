package io.clickstream.tables;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/** The local file system, counting the input streams opened through any instance and not yet closed. */
public final class CountingLocalFileSystem extends LocalFileSystem {

    static final AtomicLong OPEN = new AtomicLong();
    static final AtomicLong OPENED = new AtomicLong();

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        FSDataInputStream in = super.open(f, bufferSize);
        OPEN.incrementAndGet();
        OPENED.incrementAndGet();
        return new FSDataInputStream(new Counted(in));
    }

    /** Every call to the local stream; the first close counted. */
    private static final class Counted extends FSInputStream {
        private final FSDataInputStream in;
        private final AtomicBoolean closed = new AtomicBoolean();

        Counted(FSDataInputStream in) {
            this.in = in;
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
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            if (closed.compareAndSet(false, true)) {
                OPEN.decrementAndGet();
            }
            in.close();
        }
    }
}
