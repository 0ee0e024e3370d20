package io.clickstream.connect.transforms.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader.FileMode;
import com.maxmind.geoip2.DatabaseReader;
import com.sun.management.OperatingSystemMXBean;
import io.clickstream.connect.transforms.SimulatedEvents;
import io.clickstream.connect.transforms.geoip.GeoIpConfig;
import io.clickstream.connect.transforms.geoip.GeoIpEnrich;
import io.clickstream.connect.transforms.parse.ParseClickEvent;
import io.clickstream.connect.transforms.parse.ParseClickEventConfig;
import io.clickstream.connect.transforms.useragent.UserAgentConfig;
import io.clickstream.connect.transforms.useragent.UserAgentEnrich;
import io.clickstream.contract.SilverFields;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The Silver transforms beside the bare libraries they stand on, on the simulator's traffic, in one JVM and one
 * thread (so figures are per core):
 *
 * <ul>
 *   <li>{@code ParseClickEvent} on the UTF-8 bytes (what the Silver connector's {@code ByteArrayConverter} gives)
 *       and on the JSON strings ({@code StringConverter}) vs Jackson parsing the same input as a tree
 *       ({@code ObjectMapper.readTree}), and on the bytes vs a bare token walk ({@code JsonParser.nextToken} to the
 *       end), and as a second reference (the goal stays the tree parse's) vs Jackson databind reading the bytes into a
 *       typed record ({@link TypedClickEvent}: the same types, none of the checks);</li>
 *   <li>{@code GeoIpEnrich} (bundled GeoLite2-City, no ASN, default settings: its cache of located addresses
 *       over a {@code CHMCache} of 4096) on the parsed events vs a bare {@code DatabaseReader} with a
 *       {@code CHMCache} of 4096 looking up the same addresses, given as ready {@code InetAddress} objects (the
 *       transform reads them from text);</li>
 *   <li>{@code UserAgentEnrich} on the parsed events (its steady state: cache hits), and Yauaa's own cost for one
 *       uncached parse of each distinct agent.</li>
 * </ul>
 *
 * <p>Each pass runs over every record; passes of a transform and its baseline alternate, after warm-up passes, and
 * the report gives the median rate of each, per CPU second of the process (so a shared machine's waits for a core do
 * not count) and by the wall clock, and the ratios of the medians. A checksum of every result keeps the JIT
 * from dropping work.
 *
 * <pre>
 * java -Xmx1g -XX:+UseSerialGC -cp CONNECT_PLUGINS_TEST_CLASSPATH \
 *   io.clickstream.connect.transforms.bench.TransformBenchmark \
 *   [--records 100000] [--warmup 5] [--passes 7] [--steps parse,geoip,useragent] [--out result.md]
 *   [--command "..."] [--revision "..."]
 * </pre>
 */
public final class TransformBenchmark {
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static long sink;

    private TransformBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int records = Integer.parseInt(options.getOrDefault("--records", "100000"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "5"));
        int passes = Integer.parseInt(options.getOrDefault("--passes", "7"));
        List<String> steps =
                List.of(options.getOrDefault("--steps", "parse,geoip,useragent").split(","));
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();

        List<String> json = SimulatedEvents.json(records);
        List<SinkRecord> raw = new ArrayList<>(records);
        for (int i = 0; i < json.size(); i++) {
            raw.add(SimulatedEvents.record(json.get(i), i, SimulatedEvents.CLOCK_START));
        }
        ParseClickEvent<SinkRecord> parse = new ParseClickEvent.Value<>();
        parse.configure(Map.of(
                ParseClickEventConfig.EVENT_TIME_MAX_PAST_MS,
                Long.toString(3_650L * 86_400_000L),
                ParseClickEventConfig.EVENT_TIME_MAX_FUTURE_MS,
                Long.toString(3_650L * 86_400_000L)));
        List<SinkRecord> parsed = new ArrayList<>(records);
        List<SinkRecord> valid = new ArrayList<>(records);
        for (SinkRecord record : raw) {
            try {
                parsed.add(parse.apply(record));
                valid.add(record);
            } catch (RuntimeException e) {
                // the simulator's malformed share is 0 by default: nothing is expected here
            }
        }

        ObjectMapper mapper = new ObjectMapper();
        JsonFactory factory = new JsonFactory();
        List<String> validJson = valid.stream().map(r -> (String) r.value()).toList();
        StringBuilder report = new StringBuilder();
        report.append("records: ")
                .append(valid.size())
                .append(" simulator events (")
                .append(averageLength(validJson))
                .append(" bytes of JSON on average), one thread; warm-up ")
                .append(warmup)
                .append(" passes, then ")
                .append(passes)
                .append(" measured passes each\n\n");
        report.append("| step | records per CPU second, median (min–max) | baseline | baseline, median | ratio | "
                + "wall clock: step / baseline records/s = ratio |\n");
        report.append("|---|---|---|---|---|---|\n");

        if (steps.contains("parse")) {
            // The shipped Silver connector hands the transform bytes (ByteArrayConverter); StringConverter would give
            // text.
            List<SinkRecord> validBytes = new ArrayList<>(valid.size());
            List<byte[]> bytes = new ArrayList<>(valid.size());
            for (SinkRecord record : valid) {
                byte[] value = ((String) record.value()).getBytes(StandardCharsets.UTF_8);
                bytes.add(value);
                validBytes.add(SimulatedEvents.record(value, record.kafkaOffset(), SimulatedEvents.CLOCK_START));
            }
            Result parseBytes = Result.of(
                    warmup,
                    passes,
                    () -> run(
                            validBytes,
                            r -> ((Struct) parse.apply(r).value())
                                    .schema()
                                    .fields()
                                    .size()),
                    () -> run(bytes, b -> mapper.readTree(b).size()));
            report.append(parseBytes.row("ParseClickEvent (bytes)", "Jackson readTree (bytes)"));
            Result parseText = Result.of(
                    warmup,
                    passes,
                    () -> run(
                            valid,
                            r -> ((Struct) parse.apply(r).value())
                                    .schema()
                                    .fields()
                                    .size()),
                    () -> run(validJson, s -> mapper.readTree(s).size()));
            report.append(parseText.row("ParseClickEvent (string)", "Jackson readTree (string)"));
            Result walk = Result.of(
                    warmup,
                    passes,
                    () -> run(
                            validBytes,
                            r -> ((Struct) parse.apply(r).value())
                                    .schema()
                                    .fields()
                                    .size()),
                    () -> run(bytes, b -> tokens(factory.createParser(b))));
            report.append(walk.row("ParseClickEvent (bytes)", "Jackson token walk (bytes)"));
            // A second reference, not the goal's: Jackson alone giving the same types, with none of the checks.
            ObjectReader typed = TypedClickEvent.reader();
            Result databind = Result.of(
                    warmup,
                    passes,
                    () -> run(
                            validBytes,
                            r -> ((Struct) parse.apply(r).value())
                                    .schema()
                                    .fields()
                                    .size()),
                    () -> run(
                            bytes,
                            b -> typed.<TypedClickEvent>readValue(b).eventId().length()));
            report.append(databind.row("ParseClickEvent (bytes)", "Jackson databind to a typed record (bytes)"));
        }

        if (steps.contains("geoip")) {
            Path cityFile = Files.createTempFile("bench-city", ".mmdb");
            try (InputStream in = TransformBenchmark.class.getResourceAsStream("/GeoLite2-City.mmdb")) {
                Files.copy(in, cityFile, StandardCopyOption.REPLACE_EXISTING);
            }
            GeoIpEnrich<SinkRecord> geo = new GeoIpEnrich.Value<>();
            geo.configure(Map.of(GeoIpConfig.DATABASE_PATH, cityFile.toString()));
            List<InetAddress> addresses = new ArrayList<>(parsed.size());
            for (SinkRecord record : parsed) {
                addresses.add(InetAddress.getByName(((Struct) record.value()).getString(SilverFields.IP_ADDRESS)));
            }
            try (DatabaseReader bare = new DatabaseReader.Builder(cityFile.toFile())
                    .fileMode(FileMode.MEMORY_MAPPED)
                    .withCache(new CHMCache(4096))
                    .build()) {
                Result geoResult = Result.of(
                        warmup,
                        passes,
                        () -> run(
                                parsed,
                                r -> ((Struct) geo.apply(r).value())
                                        .schema()
                                        .fields()
                                        .size()),
                        () -> run(addresses, a -> bare.tryCity(a).map(c -> 1L).orElse(0L)));
                report.append(geoResult.row("GeoIpEnrich (city)", "DatabaseReader + CHMCache"));
            }
            geo.close();
            Files.deleteIfExists(cityFile);
        }

        if (steps.contains("useragent")) {
            UserAgentEnrich<SinkRecord> agents = new UserAgentEnrich.Value<>();
            agents.configure(Map.of(UserAgentConfig.CACHE_SIZE, Integer.toString(UserAgentConfig.DEFAULT_CACHE_SIZE)));
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(parsed.stream()
                    .map(r -> ((Struct) r.value()).getString(SilverFields.USER_AGENT))
                    .toList()));
            UserAgentAnalyzer yauaa = UserAgentAnalyzer.newBuilder()
                    .withoutCache()
                    .hideMatcherLoadStats()
                    .dropTests()
                    .immediateInitialization()
                    .build();
            Result agentResult = Result.of(
                    warmup,
                    passes,
                    () -> run(
                            parsed,
                            r -> ((Struct) agents.apply(r).value())
                                    .schema()
                                    .fields()
                                    .size()),
                    () -> run(
                            distinct, a -> yauaa.parse(a).getValue("AgentName").length()));
            report.append(agentResult.row(
                    "UserAgentEnrich (cached)",
                    "Yauaa uncached parse of each of the " + distinct.size() + " distinct agents"));
            agents.close();
        }

        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        report.append("\nload average (1, 5, 15 min) before: ")
                .append(loadBefore)
                .append("; after: ")
                .append(loadAfter)
                .append("; ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores; Java ")
                .append(System.getProperty("java.version"))
                .append('\n');
        if (options.containsKey("--command")) {
            report.append("command: `").append(options.get("--command")).append("`\n");
        }
        if (options.containsKey("--revision")) {
            report.append("revision: ").append(options.get("--revision")).append('\n');
        }
        report.append("(checksum ").append(sink).append(")\n");
        System.out.print(report);
        if (options.containsKey("--out")) {
            Files.writeString(Path.of(options.get("--out")), report);
        }
    }

    private static long tokens(JsonParser json) throws Exception {
        long count = 0;
        try (JsonParser parser = json) {
            while (parser.nextToken() != null) {
                count++;
            }
        }
        return count;
    }

    private static int averageLength(List<String> json) {
        return (int) json.stream().mapToInt(String::length).average().orElse(0);
    }

    interface Step<T> {
        long apply(T input) throws Exception;
    }

    /** Records per second of one pass over the inputs, by the wall clock and by the process's CPU time. */
    private static <T> Rate run(List<T> inputs, Step<T> step) {
        long start = System.nanoTime();
        long cpuStart = PROCESS.getProcessCpuTime();
        long checksum = 0;
        try {
            for (T input : inputs) {
                checksum += step.apply(input);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long nanos = System.nanoTime() - start;
        long cpuNanos = PROCESS.getProcessCpuTime() - cpuStart;
        sink += checksum;
        return new Rate(inputs.size() * 1e9 / nanos, inputs.size() * 1e9 / Math.max(1, cpuNanos));
    }

    record Rate(double wall, double cpu) {}

    interface Pass {
        Rate run();
    }

    /**
     * Rates of a step and its baseline, passes alternating. On a shared machine the CPU-time rate is the figure: a
     * pass that waits for a core loses wall time, not CPU time. The process's CPU time counts the collector's work too
     * (one benchmark thread; the JIT is done after the warm-up).
     */
    record Result(double[] step, double[] baseline, double[] stepWall, double[] baselineWall) {
        static Result of(int warmup, int passes, Pass step, Pass baseline) {
            for (int i = 0; i < warmup; i++) {
                step.run();
                baseline.run();
            }
            double[] s = new double[passes];
            double[] b = new double[passes];
            double[] sw = new double[passes];
            double[] bw = new double[passes];
            for (int i = 0; i < passes; i++) {
                Rate stepRate = step.run();
                Rate baselineRate = baseline.run();
                s[i] = stepRate.cpu();
                b[i] = baselineRate.cpu();
                sw[i] = stepRate.wall();
                bw[i] = baselineRate.wall();
            }
            for (double[] rates : List.of(s, b, sw, bw)) {
                Arrays.sort(rates);
            }
            return new Result(s, b, sw, bw);
        }

        String row(String stepName, String baselineName) {
            double sm = step[step.length / 2];
            double bm = baseline[baseline.length / 2];
            double swm = stepWall[stepWall.length / 2];
            double bwm = baselineWall[baselineWall.length / 2];
            return String.format(
                    "| %s | %,.0f (%,.0f–%,.0f) | %s | %,.0f | **%.2f** | %,.0f / %,.0f = %.2f |%n",
                    stepName, sm, step[0], step[step.length - 1], baselineName, bm, sm / bm, swm, bwm, swm / bwm);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
