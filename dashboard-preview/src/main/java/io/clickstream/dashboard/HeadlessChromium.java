package io.clickstream.dashboard;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real browser for the dashboard preview ({@link DashboardPreview}) and the live page's tests: Chromium in headless
 * mode ({@code --headless=new}), one process per page load, with a virtual-time budget so that the page's scripts,
 * fetches and timers run that long before the DOM is dumped or the screenshot taken. Found as {@code $CHROMIUM} or
 * {@code chromium} / {@code chromium-browser} / {@code google-chrome} on the {@code PATH} (Debian:
 * {@code apt-get install chromium}); as root it runs with {@code --no-sandbox}.
 */
public final class HeadlessChromium {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(180);

    private final Path executable;
    private final Path workDir;

    private HeadlessChromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** The browser, if one is installed; {@code workDir} holds its profile and logs. */
    public static Optional<HeadlessChromium> find(Path workDir) {
        List<String> names = new ArrayList<>();
        Optional.ofNullable(System.getenv("CHROMIUM")).ifPresent(names::add);
        names.addAll(List.of("chromium", "chromium-browser", "google-chrome"));
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return names.stream()
                .flatMap(n -> n.contains("/")
                        ? Stream.of(Path.of(n))
                        : Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, n)))
                .filter(Files::isExecutable)
                .findFirst()
                .map(p -> new HeadlessChromium(p, workDir));
    }

    /** The DOM after {@code virtualTime} of the page's life (its scripts ran, their DOM changes included). */
    public String dumpDom(URI page, Duration virtualTime) throws IOException, InterruptedException {
        Path dom = workDir.resolve("dom.html");
        run(List.of("--dump-dom", "--virtual-time-budget=" + virtualTime.toMillis(), page.toString()), dom);
        return Files.readString(dom);
    }

    /** A PNG of the page after {@code virtualTime}, {@code width} x {@code height} CSS pixels. */
    public void screenshot(URI page, Duration virtualTime, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(
                List.of(
                        "--screenshot=" + png.toAbsolutePath(),
                        "--window-size=" + width + "," + height,
                        "--hide-scrollbars",
                        "--virtual-time-budget=" + virtualTime.toMillis(),
                        page.toString()),
                workDir.resolve("screenshot.out"));
    }

    private void run(List<String> args, Path stdout) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--headless=new",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--user-data-dir=" + workDir.resolve("profile")));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--no-sandbox"); // Chromium refuses to run its sandbox as root
        }
        command.addAll(args);
        Path log = workDir.resolve("chromium.log");
        Process p = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("Chromium did not finish within " + PROCESS_TIMEOUT.toSeconds() + " s: "
                    + command + "; log " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("Chromium exited " + p.exitValue() + ": " + command + "; log " + log);
        }
    }

    @Override
    public String toString() {
        return executable.toString();
    }
}
