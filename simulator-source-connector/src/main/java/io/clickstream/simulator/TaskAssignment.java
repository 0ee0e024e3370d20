package io.clickstream.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One task's share of the connector's totals, passed from {@link ClickstreamSourceConnector#taskConfigs(int)} to
 * the task through extra {@code task.*} keys.
 *
 * <p>Shares add up exactly to the totals: {@code max.events} and the user counts are divided with the remainder
 * going to the first tasks, the rate is divided evenly with the last task taking what rounding left. Each task owns
 * a disjoint range of user numbers, so no user is active in two tasks at once.
 *
 * @param maxEvents records this task produces, or -1 for unlimited
 */
public record TaskAssignment(
        int index,
        int count,
        double eventsPerSecond,
        long maxEvents,
        int concurrentUsers,
        long firstUser,
        int userCount) {

    public static final String INDEX = "task.index";
    public static final String COUNT = "task.count";
    public static final String EVENTS_PER_SECOND = "task.events.per.second";
    public static final String MAX_EVENTS = "task.max.events";
    public static final String USERS_CONCURRENT = "task.users.concurrent";
    public static final String USERS_FIRST = "task.users.first";
    public static final String USERS_COUNT = "task.users.count";

    public static final long UNLIMITED = -1;

    public static List<TaskAssignment> split(ClickstreamSourceConfig config, int tasks) {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be positive: " + tasks);
        }
        List<TaskAssignment> result = new ArrayList<>(tasks);
        double rate = config.eventsPerSecond();
        double rateShare = rate / tasks;
        double rateGiven = 0;
        long firstUser = 0;
        for (int i = 0; i < tasks; i++) {
            double taskRate = i == tasks - 1 ? rate - rateGiven : rateShare;
            rateGiven += taskRate;
            long maxEvents = config.maxEvents() == 0 ? UNLIMITED : share(config.maxEvents(), tasks, i);
            int concurrent = (int) Math.max(1, share(config.usersConcurrent(), tasks, i));
            int population = (int) share(config.usersPopulation(), tasks, i);
            result.add(new TaskAssignment(
                    i,
                    tasks,
                    Math.max(0, taskRate),
                    maxEvents,
                    concurrent,
                    firstUser,
                    Math.max(concurrent, population)));
            firstUser += population;
        }
        return result;
    }

    /** The task's share of the connector's totals when it runs alone (or was started without task keys). */
    public static TaskAssignment whole(ClickstreamSourceConfig config) {
        return split(config, 1).get(0);
    }

    /** Reads the task keys, or {@link #whole} when they are absent. */
    public static TaskAssignment fromProps(ClickstreamSourceConfig config, Map<String, String> props) {
        if (!props.containsKey(INDEX)) {
            return whole(config);
        }
        return new TaskAssignment(
                Integer.parseInt(props.get(INDEX)),
                Integer.parseInt(props.get(COUNT)),
                Double.parseDouble(props.get(EVENTS_PER_SECOND)),
                Long.parseLong(props.get(MAX_EVENTS)),
                Integer.parseInt(props.get(USERS_CONCURRENT)),
                Long.parseLong(props.get(USERS_FIRST)),
                Integer.parseInt(props.get(USERS_COUNT)));
    }

    public Map<String, String> toProps() {
        Map<String, String> props = new HashMap<>();
        props.put(INDEX, Integer.toString(index));
        props.put(COUNT, Integer.toString(count));
        props.put(EVENTS_PER_SECOND, Double.toString(eventsPerSecond));
        props.put(MAX_EVENTS, Long.toString(maxEvents));
        props.put(USERS_CONCURRENT, Integer.toString(concurrentUsers));
        props.put(USERS_FIRST, Long.toString(firstUser));
        props.put(USERS_COUNT, Integer.toString(userCount));
        return props;
    }

    private static long share(long total, int parts, int index) {
        return total / parts + (index < total % parts ? 1 : 0);
    }
}
