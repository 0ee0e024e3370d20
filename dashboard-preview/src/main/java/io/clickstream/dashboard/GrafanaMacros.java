package io.clickstream.dashboard;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands a panel's SQL the way Grafana's PostgreSQL data source does for a concrete {@link QueryWindow}: first
 * the variables ({@code $name}, {@code ${name}}, {@code [[name]]}, and the globals {@code $__interval},
 * {@code $__interval_ms}, {@code $__range_s}, {@code $__range_ms}, {@code $__from}, {@code $__to}), then the macros:
 * <ul>
 *   <li>{@code $__timeFilter(col)} → {@code col BETWEEN 'from' AND 'to'} (RFC 3339, UTC)</li>
 *   <li>{@code $__timeFrom()}, {@code $__timeTo()} → {@code 'from'}, {@code 'to'}</li>
 *   <li>{@code $__timeGroup(col, '5m'[, fill])} → {@code floor(extract(epoch from col)/300)*300}; the fill
 *       argument is Grafana's post-processing and changes nothing in the SQL</li>
 *   <li>{@code $__timeGroupAlias(col, '5m')} → the same {@code AS "time"}</li>
 *   <li>{@code $__time(col)} → {@code col AS "time"}; {@code $__timeEpoch(col)} → {@code extract(epoch from col)
 *       AS "time"}</li>
 *   <li>{@code $__unixEpochFilter(col)}, {@code $__unixEpochFrom()}, {@code $__unixEpochTo()},
 *       {@code $__unixEpochGroup(col, '5m')}, {@code $__unixEpochGroupAlias(col, '5m')} for epoch-second columns</li>
 * </ul>
 * An unknown macro or variable, a wrong argument count or an unreadable interval throws
 * {@link IllegalArgumentException} naming it, rather than leaving SQL that fails later for a less clear reason.
 */
public final class GrafanaMacros {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\[\\[(\\w+)]]|\\$([A-Za-z_]\\w*+)(?!\\$)");
    private static final Pattern MACRO = Pattern.compile("\\$__(\\w+)\\(");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private final Map<String, TemplateVariable> variables;

    public GrafanaMacros(Map<String, TemplateVariable> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** {@code sql} with every variable and macro replaced for {@code window}. */
    public String expand(String sql, QueryWindow window) {
        return macros(variables(sql, window), window);
    }

    private String variables(String sql, QueryWindow window) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            boolean macroCall =
                    m.group(3) != null && m.end() < sql.length() && sql.charAt(m.end()) == '(' && name.startsWith("__");
            String value = macroCall ? m.group() : variable(name, window);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String variable(String name, QueryWindow window) {
        long rangeMs = Duration.between(window.from(), window.to()).toMillis();
        switch (name) {
            case "__interval":
                return intervalText(window.interval());
            case "__interval_ms":
                return Long.toString(window.interval().toMillis());
            case "__range_ms":
                return Long.toString(rangeMs);
            case "__range_s":
                return Long.toString(rangeMs / 1000);
            case "__from":
                return Long.toString(window.from().toEpochMilli());
            case "__to":
                return Long.toString(window.to().toEpochMilli());
            default:
                TemplateVariable variable = variables.get(name);
                if (variable == null) {
                    throw new IllegalArgumentException(
                            "unknown variable $" + name + " (defined: " + variables.keySet() + ")");
                }
                return variable.format(window.selections().getOrDefault(name, List.of()));
        }
    }

    private static String macros(String sql, QueryWindow window) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        Matcher m = MACRO.matcher(sql);
        while (m.find(pos)) {
            int close = closingParenthesis(sql, m.end());
            List<String> args = arguments(sql.substring(m.end(), close));
            out.append(sql, pos, m.start()).append(macro(m.group(1), args, window));
            pos = close + 1;
        }
        return out.append(sql.substring(pos)).toString();
    }

    private static String macro(String name, List<String> args, QueryWindow window) {
        String from = "'" + window.from() + "'";
        String to = "'" + window.to() + "'";
        return switch (name) {
            case "timeFilter" -> arg(name, args, 1, 1) + " BETWEEN " + from + " AND " + to;
            case "timeFrom" -> none(name, args, from);
            case "timeTo" -> none(name, args, to);
            case "time" -> arg(name, args, 1, 1) + " AS \"time\"";
            case "timeEpoch" -> "extract(epoch from " + arg(name, args, 1, 1) + ") AS \"time\"";
            case "timeGroup" -> timeGroup("extract(epoch from " + arg(name, args, 2, 3) + ")", args.get(1));
            case "timeGroupAlias" ->
                timeGroup("extract(epoch from " + arg(name, args, 2, 3) + ")", args.get(1)) + " AS \"time\"";
            case "unixEpochFilter" ->
                arg(name, args, 1, 1) + " >= " + window.from().getEpochSecond() + " AND " + args.get(0) + " <= "
                        + window.to().getEpochSecond();
            case "unixEpochFrom" -> none(name, args, Long.toString(window.from().getEpochSecond()));
            case "unixEpochTo" -> none(name, args, Long.toString(window.to().getEpochSecond()));
            case "unixEpochGroup" -> timeGroup("(" + arg(name, args, 2, 3) + ")", args.get(1));
            case "unixEpochGroupAlias" -> timeGroup("(" + arg(name, args, 2, 3) + ")", args.get(1)) + " AS \"time\"";
            default -> throw new IllegalArgumentException("unknown macro $__" + name);
        };
    }

    private static String timeGroup(String epochSeconds, String intervalArgument) {
        String seconds = BigDecimal.valueOf(parseInterval(intervalArgument).toMillis())
                .movePointLeft(3)
                .stripTrailingZeros()
                .toPlainString();
        return "floor(" + epochSeconds + "/" + seconds + ")*" + seconds;
    }

    /** Grafana's interval text: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 1d}. */
    static String intervalText(Duration interval) {
        long ms = interval.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }

    /** {@code '5m'}, {@code 5m}, {@code "1h"}: a whole number with ms, s, m, h, d or w. */
    static Duration parseInterval(String argument) {
        String text = argument.strip().replaceAll("^['\"]|['\"]$", "");
        Matcher m = INTERVAL.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("not an interval: " + argument + " (expected e.g. '30s', '5m', '1h')");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static String arg(String name, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new IllegalArgumentException("$__" + name + " takes " + (min == max ? min : min + ".." + max)
                    + " argument(s), got " + args.size() + ": " + args);
        }
        return args.get(0);
    }

    private static String none(String name, List<String> args, String value) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("$__" + name + "() takes no argument, got " + args);
        }
        return value;
    }

    /** Index of the parenthesis closing the one just before {@code start}, skipping quoted strings. */
    private static int closingParenthesis(String sql, int start) {
        int depth = 1;
        boolean quoted = false;
        for (int i = start; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed macro call at: " + sql.substring(Math.max(0, start - 20)));
    }

    private static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        if (text.isBlank()) {
            return args;
        }
        int depth = 0;
        boolean quoted = false;
        int begin = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                args.add(text.substring(begin, i).strip());
                begin = i + 1;
            }
        }
        args.add(text.substring(begin).strip());
        return args;
    }
}
