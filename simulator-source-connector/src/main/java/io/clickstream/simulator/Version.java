package io.clickstream.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's version, written into {@code clickstream-simulator-version.properties} by the build. */
final class Version {
    private static final String VERSION = load();

    private Version() {}

    static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/clickstream-simulator-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
