package io.clickstream.connect.hudi.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hudi.hadoop.fs.HoodieWrapperFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemScopeTest {

    private static final URI BUCKET = URI.create("s3a://lake/");

    @TempDir
    Path dir;

    /** S3A without a bucket probe opens no connection: the settings each file system was built from can be read. */
    private static Configuration s3a(String endpoint, String accessKey) {
        Configuration conf = new Configuration();
        conf.set("fs.s3a.endpoint", endpoint);
        conf.set("fs.s3a.access.key", accessKey);
        conf.set("fs.s3a.secret.key", "secret-of-" + accessKey);
        conf.set("fs.s3a.bucket.probe", "0");
        return conf;
    }

    private static FileSystem storeOf(FileSystem view) {
        assertThat(view).isInstanceOf(ScopedFileSystem.class);
        return ((FilterFileSystem) view).getRawFileSystem();
    }

    @Test
    void twoScopesOnOneBucketNeverShareAFileSystemOrItsCredentials() throws IOException {
        try (FileSystemScope a = FileSystemScope.open("connector a");
                FileSystemScope b = FileSystemScope.open("connector b")) {
            FileSystem first =
                    storeOf(FileSystem.get(BUCKET, a.configure(s3a("http://127.0.0.1:1111", "key-a"), "s3a")));
            FileSystem second =
                    storeOf(FileSystem.get(BUCKET, b.configure(s3a("http://127.0.0.1:2222", "key-b"), "s3a")));

            assertThat(first).isInstanceOf(S3AFileSystem.class).isNotSameAs(second);
            assertThat(first.getConf().get("fs.s3a.access.key")).isEqualTo("key-a");
            assertThat(second.getConf().get("fs.s3a.access.key")).isEqualTo("key-b");
            assertThat(second.getConf().get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:2222");
        }
    }

    @Test
    void aScopeGivesEveryCallerOfItsConfigurationOneFileSystemPerBucketAndClosesIt() throws IOException {
        FileSystemScope scope = FileSystemScope.open("connector a");
        Configuration plain = new Configuration();
        plain.set("fs.rec.impl", RecordingFileSystem.class.getName());
        Configuration conf = scope.configure(plain, "rec");
        FileSystem view1 = FileSystem.get(URI.create("rec://lake/"), conf);
        FileSystem view2 = FileSystem.get(URI.create("rec://lake/"), new Configuration(conf)); // Hudi copies confs
        FileSystem otherBucket = FileSystem.get(URI.create("rec://archive/"), conf);

        assertThat(storeOf(view1))
                .isInstanceOf(RecordingFileSystem.class)
                .isSameAs(storeOf(view2))
                .isNotSameAs(storeOf(otherBucket));
        view1.close(); // a caller closing its view leaves the scope's file system open for the others
        assertThat(((RecordingFileSystem) storeOf(view2)).closed).isFalse();

        scope.close();
        assertThat(((RecordingFileSystem) storeOf(view2)).closed).isTrue();
        assertThat(((RecordingFileSystem) storeOf(otherBucket)).closed).isTrue();
        assertThatThrownBy(() -> FileSystem.get(URI.create("rec://lake/"), conf))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is closed");
    }

    /** A local file system under another scheme that remembers being closed. */
    public static final class RecordingFileSystem extends RawLocalFileSystem {
        volatile boolean closed;

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    @Test
    void aNewScopeTakesChangedSettingsWhereTheJvmCacheWouldKeepTheFirst() throws IOException {
        FileSystem cached = FileSystem.get(BUCKET, s3a("http://127.0.0.1:1111", "key-a"));
        try {
            assertThat(FileSystem.get(BUCKET, s3a("http://127.0.0.1:2222", "key-b"))
                            .getConf()
                            .get("fs.s3a.endpoint"))
                    .as("Hadoop's cache: the first caller's endpoint")
                    .isEqualTo("http://127.0.0.1:1111");
            try (FileSystemScope restarted = FileSystemScope.open("connector a, restarted")) {
                FileSystem fs = storeOf(
                        FileSystem.get(BUCKET, restarted.configure(s3a("http://127.0.0.1:2222", "key-b"), "s3a")));
                assertThat(fs.getConf().get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:2222");
                assertThat(fs.getConf().get("fs.s3a.access.key")).isEqualTo("key-b");
            }
        } finally {
            cached.close();
        }
    }

    @Test
    void hudisBaseFileWrapperIsTheScopesOwnAsTheScopesUserNotTheFirstWritersOfTheJvm() throws IOException {
        URI wrapped = URI.create("hoodie-s3a://lake/");
        try (FileSystemScope a = FileSystemScope.open("connector a")) {
            Configuration first = a.configure(s3a("http://127.0.0.1:1111", "key-a"), "s3a");
            first.set("fs.hoodie-s3a.impl", HoodieWrapperFileSystem.class.getName()); // as Hudi's writers register it
            FileSystem wrapperA = a.call(() -> FileSystem.get(wrapped, first));
            assertThat(a.call(() -> FileSystem.get(wrapped, new Configuration(first))))
                    .as("one instance for a file's write")
                    .isSameAs(wrapperA);
            assertThat(storeOf(((HoodieWrapperFileSystem) wrapperA).getFileSystem())
                            .getConf()
                            .get("fs.s3a.endpoint"))
                    .isEqualTo("http://127.0.0.1:1111");
        }
        try (FileSystemScope b = FileSystemScope.open("connector a, restarted on another endpoint")) {
            Configuration second = b.configure(s3a("http://127.0.0.1:2222", "key-b"), "s3a");
            second.set("fs.hoodie-s3a.impl", HoodieWrapperFileSystem.class.getName());
            FileSystem store =
                    storeOf(((HoodieWrapperFileSystem) b.call(() -> FileSystem.get(wrapped, second))).getFileSystem());
            assertThat(store.getConf().get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:2222");
            assertThat(store.getConf().get("fs.s3a.access.key")).isEqualTo("key-b");
        }
    }

    @Test
    void countsTheStreamsOpenedThroughItUntilTheyAreClosed() throws IOException {
        Path file = Files.writeString(dir.resolve("f.txt"), "hello");
        try (FileSystemScope scope = FileSystemScope.open("local")) {
            Configuration conf = scope.configure(new Configuration(), "file");
            FileSystem fs = FileSystem.get(file.toUri(), conf);
            InputStream first = fs.open(new org.apache.hadoop.fs.Path(file.toUri()));
            InputStream second = fs.open(new org.apache.hadoop.fs.Path(file.toUri()));
            assertThat(first.read()).isEqualTo('h');
            assertThat(scope.openInputStreams()).isEqualTo(2);
            first.close();
            first.close(); // a second close is not counted twice
            assertThat(scope.openInputStreams()).isEqualTo(1);
            second.close();
            assertThat(scope.openInputStreams()).isZero();
            assertThat(scope.inputStreamsOpened()).isEqualTo(2);
        }
    }

    @Test
    void theScopeIsGoneOnceClosed() {
        int before = FileSystemScope.openScopes();
        FileSystemScope scope = FileSystemScope.open("x");
        assertThat(FileSystemScope.openScopes()).isEqualTo(before + 1);
        scope.close();
        scope.close();
        assertThat(FileSystemScope.openScopes()).isEqualTo(before);
    }
}
