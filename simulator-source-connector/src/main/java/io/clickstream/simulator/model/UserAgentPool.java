package io.clickstream.simulator.model;

import io.clickstream.contract.EventFields.Device;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Real-world user-agent strings per simulated device, with realistic shares, read from the resource
 * {@value #RESOURCE}: browsers of many versions on desktops, phones and tablets; crawlers, headless browsers and
 * HTTP libraries for bots.
 *
 * <p>Contract: {@link #pick} is a pure function of (device, hash): the same user hash gives the same agent in every
 * JVM, so a returning user keeps its agent and a run is reproducible. An agent is only ever drawn for the device it is
 * listed under (a phone session gets a phone agent, a bot session a crawler or script). A malformed resource fails
 * class initialisation with the line at fault.
 */
public final class UserAgentPool {
    /** The pool's resource, beside this class. */
    public static final String RESOURCE = "user-agents.tsv";

    /** What sends the agent. */
    public enum Kind {
        BROWSER,
        CRAWLER,
        HEADLESS,
        SCRIPT
    }

    /** Where a bot's requests come from, in the order of {@link IpPool#botNetworks()}. */
    public enum BotNetwork {
        GOOGLE,
        BING,
        CLOUD
    }

    /** One line of the pool; {@code network} is null for people. */
    public record Agent(Device device, Kind kind, BotNetwork network, long weight, String text) {}

    private static final UserAgentPool DEFAULT = load(UserAgentPool.class.getResourceAsStream(RESOURCE), RESOURCE);

    private final List<Agent> agents;
    private final Map<Device, Agent[]> byDevice = new EnumMap<>(Device.class);
    private final Map<Device, long[]> cumulative = new EnumMap<>(Device.class);

    private UserAgentPool(List<Agent> agents) {
        this.agents = List.copyOf(agents);
        for (Device device : Device.values()) {
            Agent[] list = agents.stream().filter(a -> a.device() == device).toArray(Agent[]::new);
            if (list.length == 0) {
                throw new IllegalStateException("user-agent pool has no agent for device " + device.wireName());
            }
            long[] sums = new long[list.length];
            long sum = 0;
            for (int i = 0; i < list.length; i++) {
                sum += list[i].weight();
                sums[i] = sum;
            }
            byDevice.put(device, list);
            cumulative.put(device, sums);
        }
    }

    /** The built-in pool. */
    public static UserAgentPool defaultPool() {
        return DEFAULT;
    }

    /** An agent of {@code device}, drawn by weight from the hash. */
    public Agent pick(Device device, long hash) {
        long[] sums = cumulative.get(device);
        long target = (long) (Rng.unit(hash) * sums[sums.length - 1]);
        int i = Arrays.binarySearch(sums, target + 1);
        return byDevice.get(device)[i >= 0 ? i : -i - 1];
    }

    /** Every agent, in resource order. */
    public List<Agent> agents() {
        return agents;
    }

    /** Reads a pool in the resource's format (see the resource's header); {@code name} appears in errors. */
    static UserAgentPool load(InputStream in, String name) {
        if (in == null) {
            throw new IllegalStateException("user-agent pool " + name + " not found on the classpath");
        }
        List<Agent> agents = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Agent agent = parse(line, name + ":" + number);
                if (!seen.add(agent.text())) {
                    throw new IllegalStateException(name + ":" + number + ": agent listed twice: " + agent.text());
                }
                agents.add(agent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read user-agent pool " + name, e);
        }
        return new UserAgentPool(agents);
    }

    private static Agent parse(String line, String where) {
        String[] cols = line.split("\t", -1);
        if (cols.length != 5 || cols[4].isBlank()) {
            throw new IllegalStateException(where + ": expected 5 tab-separated columns "
                    + "(device, kind, network, weight, agent), found: " + line);
        }
        try {
            Device device = Device.valueOf(cols[0].toUpperCase(Locale.ROOT));
            Kind kind = Kind.valueOf(cols[1].toUpperCase(Locale.ROOT));
            BotNetwork network = cols[2].equals("-") ? null : BotNetwork.valueOf(cols[2].toUpperCase(Locale.ROOT));
            long weight = Long.parseLong(cols[3]);
            boolean bot = device == Device.BOT;
            if (weight <= 0 || bot == (network == null) || bot == (kind == Kind.BROWSER)) {
                throw new IllegalArgumentException(
                        "a positive weight; bots (and only bots) with a network and a " + "kind other than browser");
            }
            return new Agent(device, kind, network, weight, cols[4]);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": bad line (" + e.getMessage() + "): " + line, e);
        }
    }
}
