package io.clickstream.connect.transforms.geoip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The GeoLite2 databases of November 2019 that ship inside {@code org.elasticsearch:geolite2-databases} (CC BY-SA
 * 4.0). A database must be a file to be memory-mapped, so each is copied out of the jar once per JVM and shared by
 * every transform instance.
 *
 * <p>Where: a directory only the worker's user can write ({@code <java.io.tmpdir>/clickstream-geoip-<user>}, mode
 * 700, owner checked; when it cannot be had, a fresh private temporary directory for this JVM), so no other local
 * user can plant or swap a database there. What: a copy is reused only when its SHA-256 is the resource's (the file
 * is named after that digest, so bundles of different databases do not meet), so a truncated, damaged or replaced
 * copy is written again, under a temporary name and renamed into place, never used.
 */
final class BundledDatabases {
    static final String CITY = "GeoLite2-City.mmdb";
    static final String ASN = "GeoLite2-ASN.mmdb";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Map<String, Path> EXTRACTED = new HashMap<>();
    private static Path directory;

    private BundledDatabases() {}

    static synchronized Path file(String name) {
        if (directory == null) {
            directory = ownDirectory(Path.of(System.getProperty("java.io.tmpdir")));
        }
        return EXTRACTED.computeIfAbsent(name, n -> {
            Path file = extract(n, directory);
            if (!directory.getFileName().toString().equals(sharedDirectoryName())) {
                file.toFile().deleteOnExit(); // a directory of this JVM's own: nothing later can reuse it
            }
            return file;
        });
    }

    /** The bundled database {@code name} as a file in {@code dir}: a verified earlier copy, or a new one. */
    static Path extract(String name, Path dir) {
        URL resource = BundledDatabases.class.getResource("/" + name);
        if (resource == null) {
            throw new IllegalStateException(name + " is not on the classpath: the plugin bundle must hold "
                    + "org.elasticsearch:geolite2-databases, or set " + GeoIpConfig.DATABASE_PATH
                    + " to a database file");
        }
        try {
            byte[] expected;
            try (InputStream in = resource.openStream()) {
                expected = sha256(in, OutputStream.nullOutputStream());
            }
            String base = name.substring(0, name.length() - ".mmdb".length());
            Path file = dir.resolve(base + "-" + HexFormat.of().formatHex(expected, 0, 8) + ".mmdb");
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && sameDigest(file, expected)) {
                return file;
            }
            Path partial = Files.createTempFile(dir, base + "-", ".partial");
            try {
                byte[] written;
                try (InputStream in = resource.openStream();
                        OutputStream out = Files.newOutputStream(partial)) {
                    written = sha256(in, out);
                }
                if (!Arrays.equals(written, expected)) {
                    throw new IOException("the resource changed while it was copied");
                }
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot copy the bundled " + name + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code <tmp>/clickstream-geoip-<user>}, created with mode 700 when absent, if it is a directory (not a link)
     * owned by this user that no one else may write; otherwise a fresh private temporary directory, deleted at exit.
     */
    static Path ownDirectory(Path tmp) {
        Path dir = tmp.resolve(sharedDirectoryName());
        try {
            if (privateTo(dir, System.getProperty("user.name", ""))) {
                return dir;
            }
            Path fresh = Files.createTempDirectory(tmp, "clickstream-geoip-");
            fresh.toFile().deleteOnExit();
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot make a private directory for the bundled GeoIP databases in " + tmp + ": " + e.getMessage(),
                    e);
        }
    }

    private static String sharedDirectoryName() {
        return "clickstream-geoip-" + System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static boolean privateTo(Path dir, String user) {
        try {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                // Made by an earlier JVM, or by someone else: checked below.
            }
            PosixFileAttributes attributes =
                    Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal self =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return attributes.isDirectory()
                    && attributes.owner().equals(self)
                    && attributes.permissions().stream()
                            .noneMatch(
                                    EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE)
                                            ::contains);
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions, or an unknown user name: use a fresh private directory instead.
            return false;
        }
    }

    private static boolean sameDigest(Path file, byte[] expected) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Arrays.equals(sha256(in, OutputStream.nullOutputStream()), expected);
        }
    }

    /** The SHA-256 of everything read from {@code in}, which is copied to {@code out}. */
    private static byte[] sha256(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(out);
        }
        return digest.digest();
    }
}
