package io.clickstream.local.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the end of a child's log file, to put the real cause into an error message. */
public final class ProcessLogs {

    /** How much of a log's end {@link #errorLines} reads at most: a crash's stack trace fits, a huge log costs none. */
    static final int TAIL_BYTES = 64 * 1024;
    /** A line that says what went wrong: a log line at ERROR or FATAL, an exception, its causes. */
    private static final Pattern ERROR_LINE =
            Pattern.compile("\\b(ERROR|FATAL)\\b|^Exception in thread|^Caused by:|^[\\w.$]+(Exception|Error)(:|$)");

    private ProcessLogs() {}

    public static String tail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /**
     * The last {@code maxLines} lines that say what went wrong among those written from byte {@code from} on (a
     * restarted child appends to the same log: this run's lines only), or its last lines when none does; each
     * escaped and cut to {@code maxChars} ({@link TerminalText}). Reads at most the last {@value #TAIL_BYTES} bytes.
     */
    public static List<String> errorLines(Path logFile, long from, int maxLines, int maxChars) {
        List<String> lines;
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(from, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) Math.max(0, file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            lines = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n")));
            if (start > from && !lines.isEmpty()) {
                lines.remove(0); // cut by the bound: the line's start is missing
            }
        } catch (IOException e) {
            return List.of("(cannot read " + logFile + ": " + e.getMessage() + ")");
        }
        lines.removeIf(String::isBlank);
        List<String> errors =
                lines.stream().filter(l -> ERROR_LINE.matcher(l).find()).toList();
        List<String> chosen = errors.isEmpty() ? lines : errors;
        return chosen.subList(Math.max(0, chosen.size() - maxLines), chosen.size()).stream()
                .map(l -> TerminalText.escape(l.strip(), maxChars))
                .toList();
    }
}
