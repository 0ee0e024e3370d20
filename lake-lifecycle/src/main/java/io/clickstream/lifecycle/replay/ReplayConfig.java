package io.clickstream.lifecycle.replay;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The replay's settings, {@code --name value} arguments. */
public record ReplayConfig(
        String bronzePath, String bronzeInstant, Path silverConnector, Path deadLetterConnector, int batchRows) {

    static final int DEFAULT_BATCH_ROWS = 50_000;

    static final Map<String, String> DOCS = docs();

    public static ReplayConfig parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': settings are --name value");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!DOCS.containsKey(name)) {
                throw new IllegalArgumentException("--" + name + ": unknown setting; known: " + DOCS.keySet());
            }
            values.put(name, value);
        }
        String bronze = required(values, "bronze-path");
        String silver = required(values, "silver-connector");
        String deadLetter = values.get("dead-letter-connector");
        int batch = DEFAULT_BATCH_ROWS;
        if (values.containsKey("batch-rows")) {
            try {
                batch = Integer.parseInt(values.get("batch-rows"));
            } catch (NumberFormatException e) {
                batch = 0;
            }
            if (batch < 1) {
                throw new IllegalArgumentException(
                        "--batch-rows: '" + values.get("batch-rows") + "' is not a whole number of at least 1");
            }
        }
        return new ReplayConfig(
                bronze,
                values.get("bronze-instant"),
                Path.of(silver),
                deadLetter == null ? null : Path.of(deadLetter),
                batch);
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required: " + DOCS.get(name));
        }
        return value;
    }

    private static Map<String, String> docs() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(
                "bronze-path",
                "The Bronze table to replay (layout 2: records as bytes), e.g. s3a://lake/bronze/clickstream.");
        d.put(
                "bronze-instant",
                "T0: the Bronze sink commit (its instant, e.g. 20261208101500123) whose offsets cut the replay."
                        + " Default: Bronze's newest sink commit.");
        d.put(
                "silver-connector",
                "The Silver connector's JSON with its new settings (transforms, GeoIP database, rules) and the new"
                        + " table.path the replay creates; the same file, POSTed under a new name, continues from T0.");
        d.put(
                "dead-letter-connector",
                "The dead-letter sink's JSON whose table.path is the new dead-letter table for the replay's rejects;"
                        + " required when the Silver connector names a dead-letter topic.");
        d.put(
                "batch-rows",
                "Rows per commit of the new tables (default " + DEFAULT_BATCH_ROWS + "); the driver holds one batch.");
        return d;
    }
}
