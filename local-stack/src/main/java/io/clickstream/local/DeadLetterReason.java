package io.clickstream.local;

import io.clickstream.local.process.TerminalText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of a dead letter's reason, for counting: the field and the reason with what quotes the record left out, so
 * that {@code invalid click event: field 'price': must not be negative, got -1.00} and {@code ... got -7} are one kind,
 * {@code price: must not be negative}. The detail after {@code ", got "} or {@code ": "}, quoted text and numbers are
 * dropped; a field named by the record (an unknown field) is not kept. The reason comes from a header of a record
 * anyone can produce, so a kind is cut to {@value #MAX_CHARS} characters and its control characters escaped.
 */
final class DeadLetterReason {

    static final int MAX_CHARS = 80;
    /** The longest field name kept as it is; the parse transform's own fields are far shorter. */
    static final int MAX_FIELD_CHARS = 40;
    /** The part of a reason read at all: kinds are short, and the patterns then run on bounded text. */
    private static final int MAX_READ = 2_000;

    /** The parse transform's message ({@code InvalidEvent}), field and reason. */
    private static final Pattern INVALID_EVENT =
            Pattern.compile("^invalid click event: field '(.*?)': (.*)$", Pattern.DOTALL);

    private static final Pattern FIELD =
            Pattern.compile("\\(record\\)|[A-Za-z_][A-Za-z0-9_.]{0," + (MAX_FIELD_CHARS - 1) + "}");
    private static final Pattern DETAIL = Pattern.compile(", got |: ", Pattern.DOTALL);
    /** A quoted value; an apostrophe inside a word (the record's) opens none. */
    private static final Pattern QUOTED = Pattern.compile("(?<!\\w)'[^']*'|\"[^\"]*\"");
    /** A quote left open: the value runs to the end. */
    private static final Pattern OPEN_QUOTE = Pattern.compile("(?<!\\w)['\"].*$", Pattern.DOTALL);
    /** A number, date-time or duration standing as a word of its own: not the 8 of UTF-8. */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w-])[-+]?(\\d[\\w.:+-]*|PT[\\w.]+)");

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile(" (?=[,;.)])");
    private static final Pattern EMPTY_BRACKETS = Pattern.compile("\\(\\s*\\)");

    private DeadLetterReason() {}

    /**
     * The kind of a letter's reason ({@code __connect.errors.exception.message}), or of its exception class when it
     * has no message; {@code "(no reason)"} when it has neither.
     */
    static String kind(String message, String exceptionClass) {
        if (message == null || message.isBlank()) {
            return exceptionClass == null || exceptionClass.isBlank()
                    ? "(no reason)"
                    : TerminalText.escape(
                            exceptionClass
                                    .substring(exceptionClass.lastIndexOf('.') + 1)
                                    .strip(),
                            MAX_CHARS);
        }
        String text = message.length() > MAX_READ ? message.substring(0, MAX_READ) : message;
        Matcher m = INVALID_EVENT.matcher(text);
        String kind;
        if (m.matches()) {
            String reason = general(m.group(2));
            String field = m.group(1);
            kind = reason.startsWith("unknown field")
                    ? reason
                    : (FIELD.matcher(field).matches() ? field : "(field)") + ": " + reason;
        } else {
            kind = general(text);
        }
        return TerminalText.escape(kind, MAX_CHARS);
    }

    /** The reason without quoted text, its detail and numbers (quotes first: a value may hold a ": "). */
    private static String general(String reason) {
        String text = QUOTED.matcher(reason).replaceAll("");
        Matcher detail = DETAIL.matcher(text);
        text = detail.find() && detail.start() > 0 ? text.substring(0, detail.start()) : text;
        text = OPEN_QUOTE.matcher(text).replaceAll("");
        text = NUMBER.matcher(text).replaceAll("");
        text = EMPTY_BRACKETS.matcher(text).replaceAll("");
        text = SPACE_BEFORE_PUNCTUATION
                .matcher(SPACES.matcher(text).replaceAll(" "))
                .replaceAll("");
        int end = text.length();
        while (end > 0 && " ,;:(=-".indexOf(text.charAt(end - 1)) >= 0) {
            end--; // what led to a value dropped
        }
        text = text.substring(0, end).strip();
        return text.isEmpty() ? "(value)" : text;
    }
}
