package io.clickstream.connect.transforms.geoip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The GeoLite2 databases of November 2019 that ship inside {@code org.elasticsearch:geolite2-databases} (CC BY-SA
 * 4.0). A database must be a file to be memory-mapped, so each is copied out of the jar once per JVM into a
 * temporary file (deleted when the JVM exits) and that file is shared by every transform instance.
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
    try (InputStream in = BundledDatabases.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath: the plugin bundle must hold "
            + "org.elasticsearch:geolite2-databases, or set " + GeoIpConfig.DATABASE_PATH + " to a database file");
      }
      Path file = Files.createTempFile("clickstream-" + name.replace(".mmdb", "-"), ".mmdb");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the bundled " + name + " to a temporary file", e);
    }
  }
}
