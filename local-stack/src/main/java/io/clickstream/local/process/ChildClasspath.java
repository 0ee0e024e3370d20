package io.clickstream.local.process;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The classpath a child JVM gets: the current JVM's own. Under Maven Surefire/Failsafe {@code java.class.path} may be a
 * manifest-only booter jar, so the real test classpath ({@code surefire.test.class.path}) wins when it is set.
 */
public final class ChildClasspath {

    private ChildClasspath() {}

    /**
     * The launcher's own classes (this module's, for a child's entry point such as a {@link ParentWatchdog} main)
     * followed by another classpath: for a child whose libraries must not meet the launcher's.
     */
    public static String launcherClassesAnd(String classpath) {
        try {
            String own = Path.of(ChildClasspath.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            return own + File.pathSeparator + classpath;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the launcher's classes", e);
        }
    }

    public static String current() {
        String surefire = System.getProperty("surefire.test.class.path");
        String raw = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        // Non-jar artifacts (the plugin bundle zip) are no classpath entries; the bundle is loaded via plugin.path.
        return Arrays.stream(raw.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank() && !entry.endsWith(".zip"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
