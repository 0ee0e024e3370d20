package io.clickstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Field names as the installed plugin bundle declares them ({@code SilverFields}, {@code EventFields}), read from
 * its data-contract jar: the names the installed transforms use, whatever this module was compiled against.
 */
final class BundleFields {
    private static final String CONTRACT = "io.clickstream.contract.";
    private static final ClassLoader LOADER = loader();

    private BundleFields() {}

    /** Every Silver column, in table order ({@code SilverFields.ALL}). */
    @SuppressWarnings("unchecked")
    static List<String> silverColumns() {
        return (List<String>) constant("SilverFields", "ALL");
    }

    /** A {@code SilverFields} constant, e.g. {@code silver("EVENT_ID")}. */
    static String silver(String name) {
        return (String) constant("SilverFields", name);
    }

    /** An {@code EventFields} constant, e.g. {@code event("TIMESTAMP")}. */
    static String event(String name) {
        return (String) constant("EventFields", name);
    }

    private static Object constant(String type, String name) {
        try {
            return Class.forName(CONTRACT + type, true, LOADER).getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the bundle's " + type + " has no constant " + name, e);
        }
    }

    private static ClassLoader loader() {
        Path plugins = Path.of(System.getProperty("clickstream.plugin.path", "target/plugins"));
        try (Stream<Path> files = Files.walk(plugins)) {
            URL jar = files.filter(f -> f.getFileName().toString().startsWith("data-contract-")
                            && f.toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no data-contract jar under " + plugins))
                    .toUri()
                    .toURL();
            return new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin bundle under " + plugins, e);
        }
    }
}
