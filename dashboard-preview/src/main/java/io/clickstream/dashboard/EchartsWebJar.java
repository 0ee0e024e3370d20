package io.clickstream.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * ECharts from its WebJar ({@code org.webjars.npm:echarts}) on the classpath, so pages that chart with it work offline.
 * {@link #script()} throws {@link IllegalStateException} when the WebJar is not on the classpath.
 */
public final class EchartsWebJar {

    private static final String POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private EchartsWebJar() {}

    /** The classpath resource of {@code echarts.min.js} (it bundles zrender, so nothing else is needed). */
    public static String script() {
        return "META-INF/resources/webjars/echarts/" + version() + "/dist/echarts.min.js";
    }

    /** The WebJar's version, from its Maven metadata: the path of its files depends on it. */
    static String version() {
        try (InputStream in = EchartsWebJar.class.getClassLoader().getResourceAsStream(POM)) {
            if (in == null) {
                throw new IllegalStateException("The ECharts WebJar (org.webjars.npm:echarts) is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM, e);
        }
    }
}
