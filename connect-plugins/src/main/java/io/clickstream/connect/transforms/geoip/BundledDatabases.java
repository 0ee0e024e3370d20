package io.clickstream.connect.transforms.geoip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The GeoLite2 databases of November 2019 that ship inside {@code org.elasticsearch:geolite2-databases} (CC BY-SA
 * 4.0). A database must be a file to be memory-mapped, so each is copied out of the jar into the temporary
 * directory, under a name derived from the jar it comes from, and shared by every transform instance.
 *
 * <p>The copy is written to a temporary name and renamed into place, so a file under the final name is always
 * complete; a later JVM (e.g. a worker restarted after a crash) reuses it instead of writing another 60 MB.
 */
final class BundledDatabases {
  static final String CITY = "GeoLite2-City.mmdb";
  static final String ASN = "GeoLite2-ASN.mmdb";

  private static final Map<String, Path> EXTRACTED = new HashMap<>();

  private BundledDatabases() {
  }

  static synchronized Path file(String name) {
    return EXTRACTED.computeIfAbsent(name, BundledDatabases::extract);
  }

  private static Path extract(String name) {
    URL resource = BundledDatabases.class.getResource("/" + name);
    if (resource == null) {
      throw new IllegalStateException(name + " is not on the classpath: the plugin bundle must hold "
          + "org.elasticsearch:geolite2-databases, or set " + GeoIpConfig.DATABASE_PATH + " to a database file");
    }
    String source = Integer.toHexString(resource.toExternalForm().hashCode());
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "clickstream-geoip-" + source + "-" + name);
    if (Files.isRegularFile(file)) {
      return file;
    }
    try (InputStream in = resource.openStream()) {
      Path partial = Files.createTempFile(file.getParent(), "clickstream-geoip-", ".partial");
      try {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the bundled " + name + " to " + file, e);
    }
  }
}
