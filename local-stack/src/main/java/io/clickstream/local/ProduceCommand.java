package io.clickstream.local;

import io.clickstream.local.broker.KafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./run.sh produce}: writes the records of a file to a topic of a running local stack, as any producer could,
 * to see what the pipeline does with them (hostile input: the Silver sink sends what it rejects to the dead-letter
 * topic, and the progress line says how many and why). One record per line, the line's text as the value; with
 * {@code --base64} each line is a value's bytes in Base64 (raw bytes: invalid UTF-8, NUL, ...) and a line {@code -}
 * is a null value (a tombstone). Records have no key. The broker is the one the launcher last started on the data
 * directory, or {@code --bootstrap}.
 */
final class ProduceCommand {

    static final String DEFAULT_TOPIC = "clickstream_events";
    /** The {@code --base64} line that stands for a null value: no Base64 text is a lone dash. */
    static final String NULL_LINE = "-";

    static final String USAGE = """
            Usage: ./run.sh produce --file FILE [options]

            Writes records to a topic of a running local stack (./run.sh in another terminal), e.g. hostile input to
            see where the pipeline puts it. One record per line of FILE, its text as the value (UTF-8), no key.

            Options:
              --file FILE          the records, one a line                                      (required)
              --count N            records to write, going round the file's lines               [one per line]
              --base64             each line is a value's bytes in Base64; a line '-' is a null value (tombstone)
              --topic NAME         the topic                                                    [clickstream_events]
              --data-dir DIR       the stack's data directory: the broker is read from it       [./data]
              --bootstrap HOST:PORT  the broker, instead of --data-dir (the launcher prints it)
              --help               this text
            """;

    record Options(
            Path file, OptionalLong count, boolean base64, String topic, Path dataDir, String bootstrap, boolean help) {

        static Options parse(String... args) {
            Path file = null;
            OptionalLong count = OptionalLong.empty();
            boolean base64 = false;
            String topic = DEFAULT_TOPIC;
            Path dataDir = Path.of("data");
            String bootstrap = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    return new Options(null, count, false, topic, dataDir, null, true);
                }
                if (option.equals("--base64")) {
                    base64 = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--file" -> file = Path.of(value);
                    case "--count" -> count = OptionalLong.of(count(value));
                    case "--topic" -> topic = value;
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--bootstrap" -> bootstrap = value;
                    default -> throw new IllegalArgumentException("Unknown option " + option);
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("Option --file is required");
            }
            return new Options(file, count, base64, topic, dataDir, bootstrap, false);
        }

        private static long count(String value) {
            try {
                long n = Long.parseLong(value.trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("Option --count needs a number of 0 or more, got '" + value + "'");
        }
    }

    private final PrintStream out;

    ProduceCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new ProduceCommand(System.out).run(args));
    }

    int run(String... args) {
        Options options;
        List<byte[]> values;
        try {
            options = Options.parse(args);
            if (options.help()) {
                out.print(USAGE);
                return 0;
            }
            values = values(Files.readAllLines(options.file(), StandardCharsets.UTF_8), options.base64());
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage() + " (see ./run.sh produce --help)");
            return 2;
        } catch (IOException e) {
            out.println("Cannot read " + e.getMessage());
            return 2;
        }
        if (values.isEmpty()) {
            out.println(options.file() + " has no lines, so no records");
            return 2;
        }
        long count = options.count().orElse(values.size());
        try {
            String bootstrap = options.bootstrap() != null
                    ? options.bootstrap()
                    : KafkaBroker.bootstrapServersOf(options.dataDir());
            long written = produce(bootstrap, options.topic(), values, count);
            out.printf("Produced %,d records of %s to %s at %s%n", written, options.file(), options.topic(), bootstrap);
            return 0;
        } catch (RuntimeException e) {
            out.println("Error: " + e.getMessage());
            return 1;
        }
    }

    /** The record values of the file's lines: their UTF-8 text, or with {@code base64} the bytes each encodes. */
    static List<byte[]> values(List<String> lines, boolean base64) {
        List<byte[]> values = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!base64) {
                values.add(line.getBytes(StandardCharsets.UTF_8));
            } else if (line.strip().equals(NULL_LINE)) {
                values.add(null);
            } else {
                try {
                    values.add(Base64.getDecoder().decode(line.strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Line " + (i + 1) + " is not Base64: " + e.getMessage());
                }
            }
        }
        return values;
    }

    /**
     * Writes {@code count} records, going round {@code values}; stops at the first record the broker refuses and
     * fails with its reason. Returns the records written.
     */
    private static long produce(String bootstrap, String topic, List<byte[]> values, long count) {
        AtomicReference<Exception> refused = new AtomicReference<>();
        AtomicLong written = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, 5,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                        ProducerConfig.CLIENT_ID_CONFIG, "local-stack-produce"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < count && refused.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, values.get((int) (i % values.size()))), (metadata, e) -> {
                    if (e == null) {
                        written.incrementAndGet();
                    } else {
                        refused.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        } catch (RuntimeException e) {
            refused.compareAndSet(null, e);
        }
        if (refused.get() != null) {
            throw new IllegalStateException(
                    String.format(
                            "Cannot produce to %s at %s (is ./run.sh running?) after " + "%,d records: %s",
                            topic, bootstrap, written.get(), refused.get().getMessage()),
                    refused.get());
        }
        return written.get();
    }
}
