package io.clickstream.connect.transforms.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.geoip2.DatabaseReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledDatabasesTest {
    @TempDir
    Path dir;

    @Test
    void aVerifiedCopyIsReusedAndATruncatedOrReplacedOneIsWrittenAgain() throws Exception {
        long size = resourceSize(BundledDatabases.ASN);
        Path file = BundledDatabases.extract(BundledDatabases.ASN, dir);
        assertThat(Files.size(file)).as("copied").isEqualTo(size);
        Object identity = Files.readAttributes(file, "unix:ino").get("ino");
        assertThat(BundledDatabases.extract(BundledDatabases.ASN, dir))
                .as("the same name")
                .isEqualTo(file);
        assertThat(Files.readAttributes(file, "unix:ino").get("ino"))
                .as("an intact copy is reused, not rewritten")
                .isEqualTo(identity);

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size / 2);
        }
        assertThat(BundledDatabases.extract(BundledDatabases.ASN, dir))
                .as("the same name")
                .isEqualTo(file);
        assertThat(Files.size(file)).as("a truncated copy is written again").isEqualTo(size);

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), size - 4);
        }
        BundledDatabases.extract(BundledDatabases.ASN, dir);
        try (DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).build()) {
            assertThat(reader.getMetadata().databaseType())
                    .as("a damaged copy is written again")
                    .isEqualTo("GeoLite2-ASN");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("nothing left but the copy").containsExactly(file);
        }
    }

    @Test
    void theDirectoryIsTheUsersOwnOrAFreshPrivateOne() throws Exception {
        Path own = BundledDatabases.ownDirectory(dir);
        assertThat(own.getFileName().toString()).as("the user's directory").startsWith("clickstream-geoip-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own)))
                .as("mode")
                .isEqualTo("rwx------");
        assertThat(BundledDatabases.ownDirectory(dir)).as("found again").isEqualTo(own);

        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path fresh = BundledDatabases.ownDirectory(dir);
        assertThat(fresh).as("a directory others may write is not used").isNotEqualTo(own);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .as("mode of the fresh one")
                .isEqualTo("rwx------");
    }

    private static long resourceSize(String name) throws Exception {
        try (InputStream in = BundledDatabasesTest.class.getResourceAsStream("/" + name)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
