package io.clickstream.connect.transforms.useragent;

import java.util.HashMap;
import java.util.Map;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * One Yauaa analyzer per JVM (per plugin class loader) and maximum agent length, built on first use and kept for
 * the JVM's life: building one loads thousands of matching rules (seconds and tens of MiB), which no task
 * restart should pay again. Thread-safe: Yauaa's analyzer serialises its parses internally. It is built without
 * its own cache; {@link UserAgentEnrich} caches the finished columns instead.
 */
final class SharedAnalyzer {
    private static final Map<Integer, UserAgentAnalyzer> ANALYZERS = new HashMap<>();

    private SharedAnalyzer() {}

    static synchronized UserAgentAnalyzer get(int maxLength) {
        return ANALYZERS.computeIfAbsent(
                maxLength,
                length -> UserAgentAnalyzer.newBuilder()
                        .withFields(AgentDescription.FIELDS)
                        .withUserAgentMaxLength(length)
                        .withoutCache()
                        .hideMatcherLoadStats()
                        .dropTests()
                        .immediateInitialization()
                        .build());
    }
}
