package io.clickstream.connect.transforms;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

/**
 * Writes {@link HostileEvents}' records to a file, one Base64 line each, for {@code ./run.sh produce --base64} to feed
 * a running stack (docs/local-stack.md). The originals are the simulator's events from now on, so the clean ones and
 * the mutations that keep their time pass Silver's event-time window for a week. Records over
 * {@value #MAX_BYTES} bytes are skipped: with its dead-letter headers such a record would pass Kafka's default 1 MiB
 * limit (the unit tests take them through the transforms).
 *
 * <pre>HostileEventsFile OUT_FILE COUNT [SEED]</pre>
 */
public final class HostileEventsFile {
    static final int MAX_BYTES = 900_000;

    private HostileEventsFile() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: HostileEventsFile OUT_FILE COUNT [SEED]");
            System.exit(2);
        }
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 21;
        HostileEvents generator = new HostileEvents(
                seed,
                SimulatedEvents.json(
                        500,
                        "seed",
                        Long.toString(seed),
                        "clock.start",
                        Instant.now().toString(),
                        "malformed.share",
                        "0",
                        "late.event.share",
                        "0",
                        "duplicate.share",
                        "0"));
        int count = Integer.parseInt(args[1]);
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.US_ASCII)) {
            for (int written = 0; written < count; ) {
                byte[] value = generator.next().value();
                if (value.length <= MAX_BYTES) {
                    out.write(Base64.getEncoder().encodeToString(value));
                    out.newLine();
                    written++;
                }
            }
        }
        System.out.println("Wrote " + count + " hostile records to " + args[0]);
    }
}
