package io.clickstream.dashboard;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A dashboard template variable and how Grafana's SQL data sources put its value into a query: a multi-valued or
 * "include All" variable as quoted, comma-separated SQL strings ({@code 'DE','US'}, quotes doubled); a plain one
 * as its raw value; "All" as the custom {@code allValue}, unquoted, when the variable has one.
 *
 * @param name the name used as {@code $name}, {@code ${name}} or {@code [[name]]}
 * @param query the SQL that lists the options (may use macros)
 * @param multi several values may be selected
 * @param includeAll the variable offers "All"
 * @param allValue the raw SQL that "All" becomes, or null (then "All" needs the option values)
 */
public record TemplateVariable(String name, String query, boolean multi, boolean includeAll, String allValue) {

    /**
     * The SQL text for {@code selected} ({@link QueryWindow#ALL} or an empty list for "All").
     *
     * @throws IllegalArgumentException for "All" on a variable without {@code allValue}, or several values on a
     *         single-valued one
     */
    public String format(List<String> selected) {
        if (selected.isEmpty() || selected.contains(QueryWindow.ALL)) {
            if (allValue == null) {
                throw new IllegalArgumentException("variable " + name
                        + " has no allValue: select its values explicitly (run its query for the options)");
            }
            return allValue;
        }
        if (!multi && selected.size() > 1) {
            throw new IllegalArgumentException("variable " + name + " takes one value, got " + selected);
        }
        if (!multi && !includeAll) {
            return selected.get(0);
        }
        return selected.stream().map(TemplateVariable::quote).collect(Collectors.joining(","));
    }

    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
