package io.clickstream.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@link DashboardPreview} from the command line against a Gold database (a {@code ./run.sh}'s or any other),
 * and screenshots it with headless Chromium when asked:
 * <pre>
 * java -cp 'local-stack/target/lib/*' io.clickstream.dashboard.DashboardPreviewCommand \
 *     --jdbc-url jdbc:postgresql://127.0.0.1:5432/postgres --screenshot target/grafana-dashboard.png
 * </pre>
 * The connection is read-only, as {@value #DEFAULT_USER} (password from {@code GOLD_READER_PASSWORD} when set).
 *
 * <p>Exit codes: 0 rendered; 2 a bad option (named, with the usage); 1 the database, a query or the browser failed
 * (the message says which).
 */
public final class DashboardPreviewCommand {

    public static final String DEFAULT_USER = "gold_reader";
    public static final int DEFAULT_MINUTES = 60;
    public static final String DEFAULT_INTERVAL = "1m";
    public static final String DEFAULT_OUT = "target/dashboard-preview";
    public static final int DEFAULT_WIDTH = 1600;
    static final Duration RENDER_TIME = Duration.ofSeconds(5);
    static final String USAGE = """
            Usage: DashboardPreviewCommand --jdbc-url URL [--user gold_reader] [--minutes 60 | --from ISO --to ISO]
                   [--interval 1m] [--country DE,FR] [--out target/dashboard-preview] [--screenshot FILE.png]
                   [--width 1600]""";
    private static final List<String> KEYS = List.of(
            "--jdbc-url",
            "--user",
            "--minutes",
            "--from",
            "--to",
            "--interval",
            "--country",
            "--out",
            "--screenshot",
            "--width");

    private final Map<String, String> options;

    public DashboardPreviewCommand(String... args) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!KEYS.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + KEYS);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            parsed.put(args[i], args[i + 1]);
        }
        if (!parsed.containsKey("--jdbc-url")) {
            throw new IllegalArgumentException(
                    "--jdbc-url is required, e.g. jdbc:postgresql://127.0.0.1:5432/postgres");
        }
        if (parsed.containsKey("--from") != parsed.containsKey("--to")) {
            throw new IllegalArgumentException("--from and --to go together (ISO-8601 instants)");
        }
        this.options = parsed;
        window(Instant.now()); // a bad range, interval or width fails here, naming the option
        width();
    }

    int width() {
        String width = options.getOrDefault("--width", Integer.toString(DEFAULT_WIDTH));
        try {
            return Integer.parseInt(width);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--width must be a number of pixels, got " + width);
        }
    }

    /** The time range, {@code $__interval} and country selection the options describe, ending at {@code now}. */
    QueryWindow window(Instant now) {
        Duration interval = GrafanaMacros.parseInterval(options.getOrDefault("--interval", DEFAULT_INTERVAL));
        QueryWindow window;
        try {
            window = options.containsKey("--from")
                    ? QueryWindow.of(Instant.parse(options.get("--from")), Instant.parse(options.get("--to")), interval)
                    : QueryWindow.last(
                            Duration.ofMinutes(Long.parseLong(
                                    options.getOrDefault("--minutes", Integer.toString(DEFAULT_MINUTES)))),
                            now,
                            interval);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "bad time range (--minutes, or --from/--to as ISO-8601 instants): " + e.getMessage(), e);
        }
        return options.containsKey("--country")
                ? window.with("country", Arrays.asList(options.get("--country").split(",")))
                : window;
    }

    int run() throws Exception {
        DashboardPreview.Page page = render();
        System.out.println("Preview: " + page.index().toUri());
        if (options.containsKey("--screenshot")) {
            System.out.println("Screenshot: " + screenshot(page).toAbsolutePath());
        }
        return 0;
    }

    /** Renders the preview into {@code --out}, reading Gold on a read-only connection. */
    public DashboardPreview.Page render() throws SQLException, IOException {
        try (Connection gold = DriverManager.getConnection(
                options.get("--jdbc-url"),
                options.getOrDefault("--user", DEFAULT_USER),
                System.getenv("GOLD_READER_PASSWORD"))) {
            gold.setReadOnly(true);
            return DashboardPreview.bundled().render(gold, window(Instant.now()), out());
        }
    }

    /** Screenshots {@code page} into {@code --screenshot}, {@code --width} wide and as tall as the grid. */
    public Path screenshot(DashboardPreview.Page page) throws IOException, InterruptedException {
        if (!options.containsKey("--screenshot")) {
            throw new IllegalStateException("--screenshot names no file");
        }
        HeadlessChromium chromium = HeadlessChromium.find(out().resolve("chromium"))
                .orElseThrow(() -> new IllegalStateException(
                        "No Chromium found ($CHROMIUM, chromium on the PATH) for --screenshot"));
        Path png = Path.of(options.get("--screenshot"));
        chromium.screenshot(page.index().toUri(), RENDER_TIME, png, width(), page.height());
        return png;
    }

    private Path out() {
        return Path.of(options.getOrDefault("--out", DEFAULT_OUT));
    }

    public static void main(String[] args) {
        DashboardPreviewCommand command;
        try {
            command = new DashboardPreviewCommand(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        try {
            System.exit(command.run());
        } catch (Exception e) {
            System.err.println("Dashboard preview failed: " + e);
            System.exit(1);
        }
    }
}
