package io.clickstream.connect.hudi.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records dumped from a Kafka topic by the sink benchmark harness, so the bare writer writes exactly the values the
 * sink wrote. One record a line: {@code partition TAB offset TAB timestamp TAB value}; the value is the raw JSON
 * string (a JSON serializer escapes tabs and newlines, so it never holds either).
 */
public record DumpedValues(String topic, List<DumpedValues.Entry> entries) {

    /** One Kafka record: its coordinates, its timestamp (ms, -1 when absent) and its value. */
    public record Entry(int partition, long offset, long timestamp, String value) {}

    public static DumpedValues read(Path file, String topic, int limit) {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while (entries.size() < limit && (line = in.readLine()) != null) {
                lineNo++;
                String[] parts = line.split("\t", 4);
                if (parts.length != 4) {
                    throw new IllegalArgumentException(file + ":" + lineNo
                            + ": expected partition, offset, timestamp and " + "value separated by tabs");
                }
                entries.add(new Entry(
                        Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (entries.size() < limit) {
            throw new IllegalArgumentException(file + " holds " + entries.size() + " records, " + limit + " wanted");
        }
        return new DumpedValues(topic, entries);
    }
}
