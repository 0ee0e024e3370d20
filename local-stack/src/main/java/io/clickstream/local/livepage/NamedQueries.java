package io.clickstream.local.livepage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL queries by name, read from one resource file in which a line {@code -- name: <name>} starts a query that runs
 * to the next such line (comments before the first name are the file's header). Loading fails, naming the resource,
 * when it is missing, holds no query, a name twice or a name without SQL.
 */
public final class NamedQueries {

    private static final Pattern NAME = Pattern.compile("^--\\s*name:\\s*(\\S+)\\s*$", Pattern.MULTILINE);

    private final Map<String, String> queries;

    private NamedQueries(Map<String, String> queries) {
        this.queries = Collections.unmodifiableMap(queries);
    }

    public static NamedQueries load(String resource) {
        try (InputStream in = NamedQueries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No resource " + resource + " on the classpath");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static NamedQueries parse(String source, String text) {
        Map<String, String> queries = new LinkedHashMap<>();
        Matcher m = NAME.matcher(text);
        String name = null;
        int start = 0;
        while (true) {
            boolean found = m.find();
            if (name != null) {
                String sql = withoutTrailingSemicolon(text.substring(start, found ? m.start() : text.length()));
                if (sql.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                    throw new IllegalStateException(source + ": query '" + name + "' has no SQL");
                }
                if (queries.put(name, sql) != null) {
                    throw new IllegalStateException(source + ": query '" + name + "' is defined twice");
                }
            }
            if (!found) {
                break;
            }
            name = m.group(1);
            start = m.end();
        }
        if (queries.isEmpty()) {
            throw new IllegalStateException(source + ": no '-- name: <query>' line");
        }
        return new NamedQueries(queries);
    }

    private static String withoutTrailingSemicolon(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }

    public String sql(String name) {
        String sql = queries.get(name);
        if (sql == null) {
            throw new IllegalArgumentException("No query named '" + name + "'; known: " + queries.keySet());
        }
        return sql;
    }

    /** Name to SQL, in file order. */
    public Map<String, String> asMap() {
        return queries;
    }
}
