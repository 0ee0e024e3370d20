package io.clickstream.connect.transforms.useragent;

import java.util.Locale;
import java.util.Set;
import nl.basjes.parse.useragent.UserAgent;

/**
 * The user-agent columns of {@code SilverFields} for one agent string, as Yauaa reads it.
 *
 * <p>Mapping: {@code browser_family}/{@code browser_version} are Yauaa's {@code AgentName}/{@code AgentVersion},
 * {@code os_family}/{@code os_version} its {@code OperatingSystemName}/{@code OperatingSystemVersion} (Yauaa's
 * unknown markers such as {@code ??} become null). {@code is_bot} is true when Yauaa classes the device or the agent
 * as a robot, a cloud application, a hacker or a special tool (crawlers, curl, python-requests, headless browsers).
 * {@code device_class} is {@code bot} for those, else {@code desktop}, {@code mobile} (phones, watches),
 * {@code tablet}, or {@code other} (TVs, consoles, e-readers, unknown).
 */
record AgentDescription(
        String browserFamily,
        String browserVersion,
        String osFamily,
        String osVersion,
        String deviceClass,
        Boolean isBot) {

    static final String[] FIELDS = {
        UserAgent.AGENT_NAME,
        UserAgent.AGENT_VERSION,
        UserAgent.OPERATING_SYSTEM_NAME,
        UserAgent.OPERATING_SYSTEM_VERSION,
        UserAgent.DEVICE_CLASS,
        UserAgent.AGENT_CLASS
    };

    static final AgentDescription NONE = new AgentDescription(null, null, null, null, null, null);

    private static final Set<String> ROBOT_DEVICES = Set.of("robot", "robot mobile", "robot imitator", "hacker", "spy");
    private static final Set<String> ROBOT_AGENTS =
            Set.of("robot", "robot mobile", "robot imitator", "cloud application", "special", "hacker");
    private static final Set<String> UNKNOWN = Set.of("??", "unknown", "hacker", "");

    static AgentDescription of(UserAgent agent) {
        String device = agent.getValue(UserAgent.DEVICE_CLASS).toLowerCase(Locale.ROOT);
        String agentClass = agent.getValue(UserAgent.AGENT_CLASS).toLowerCase(Locale.ROOT);
        boolean bot = ROBOT_DEVICES.contains(device) || ROBOT_AGENTS.contains(agentClass);
        return new AgentDescription(
                known(agent.getValue(UserAgent.AGENT_NAME)),
                known(agent.getValue(UserAgent.AGENT_VERSION)),
                known(agent.getValue(UserAgent.OPERATING_SYSTEM_NAME)),
                known(agent.getValue(UserAgent.OPERATING_SYSTEM_VERSION)),
                bot ? "bot" : deviceClass(device),
                bot);
    }

    private static String deviceClass(String yauaa) {
        return switch (yauaa) {
            case "desktop" -> "desktop";
            case "phone", "mobile", "watch" -> "mobile";
            case "tablet" -> "tablet";
            default -> "other";
        };
    }

    private static String known(String value) {
        return value == null || UNKNOWN.contains(value.toLowerCase(Locale.ROOT)) ? null : value;
    }

    /** The column values in the order of {@code SilverSchema.USER_AGENT_COLUMNS}. */
    Object[] values() {
        return new Object[] {browserFamily, browserVersion, osFamily, osVersion, deviceClass, isBot};
    }
}
