package io.clickstream.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The panel SQL of the Grafana dashboard ({@code grafana/dashboards/clickstream.json}, the one source of these
 * queries), ready to run for a concrete time range: what Grafana would send to PostgreSQL, for tests and for pages
 * that show the same numbers without Grafana.
 *
 * <p>Reads panels in dashboard order, rows' nested panels included, and every target with a {@code rawSql}.
 * A dashboard whose JSON cannot be read, or with two panels of one title, throws at load; expansion errors are
 * {@link GrafanaMacros}'.
 */
public final class DashboardQueries {

    /** Where the build puts the dashboard on the classpath (dashboard-preview's jar). */
    public static final String RESOURCE = "grafana/dashboards/clickstream.json";

    private final String uid;
    private final List<PanelQuery> panels;
    private final Map<String, TemplateVariable> variables;
    private final GrafanaMacros macros;

    private DashboardQueries(String uid, List<PanelQuery> panels, Map<String, TemplateVariable> variables) {
        this.uid = uid;
        this.panels = List.copyOf(panels);
        this.variables = Collections.unmodifiableMap(variables);
        this.macros = new GrafanaMacros(variables);
    }

    /** The dashboard packaged at {@link #RESOURCE}. */
    public static DashboardQueries bundled() {
        try (InputStream in = DashboardQueries.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is not on the classpath (built into dashboard-preview's jar)");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** A dashboard JSON file. */
    public static DashboardQueries read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard " + file, e);
        }
    }

    /** A dashboard JSON document. */
    public static DashboardQueries read(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, TemplateVariable> variables = new LinkedHashMap<>();
        for (JsonNode v : root.path("templating").path("list")) {
            String name = v.path("name").asText();
            JsonNode query = v.path("query");
            variables.put(
                    name,
                    new TemplateVariable(
                            name,
                            query.isTextual()
                                    ? query.asText()
                                    : query.path("rawSql").asText(null),
                            v.path("multi").asBoolean(),
                            v.path("includeAll").asBoolean(),
                            v.hasNonNull("allValue")
                                            && !v.path("allValue").asText().isEmpty()
                                    ? v.path("allValue").asText()
                                    : null));
        }
        List<PanelQuery> panels = new ArrayList<>();
        collect(root.path("panels"), panels);
        return new DashboardQueries(root.path("uid").asText(), panels, variables);
    }

    private static void collect(JsonNode list, List<PanelQuery> into) {
        for (JsonNode panel : list) {
            String title = panel.path("title").asText();
            for (JsonNode target : panel.path("targets")) {
                if (!target.hasNonNull("rawSql")) {
                    continue;
                }
                if (into.stream()
                        .anyMatch(q -> q.title().equals(title)
                                && q.refId().equals(target.path("refId").asText()))) {
                    throw new IllegalArgumentException("two panels titled '" + title + "' with query "
                            + target.path("refId").asText());
                }
                into.add(new PanelQuery(
                        panel.path("id").asInt(),
                        title,
                        panel.path("type").asText(),
                        target.path("refId").asText("A"),
                        target.path("format").asText("table"),
                        target.path("rawSql").asText(),
                        panel.hasNonNull("interval") ? panel.path("interval").asText() : null));
            }
            collect(panel.path("panels"), into);
        }
    }

    /** The dashboard's {@code uid}. */
    public String uid() {
        return uid;
    }

    /** Every SQL query of every panel, in dashboard order. */
    public List<PanelQuery> panels() {
        return panels;
    }

    /** The first query of the panel titled {@code title}. */
    public PanelQuery panel(String title) {
        return panels.stream()
                .filter(q -> q.title().equals(title))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no panel titled '" + title + "'; panels: "
                        + panels.stream().map(PanelQuery::title).toList()));
    }

    /** The template variables by name. */
    public Map<String, TemplateVariable> variables() {
        return variables;
    }

    /**
     * {@code query}'s SQL as Grafana sends it for {@code window}; the panel's own {@code interval}, when larger than
     * the window's, is the {@code $__interval} (as in Grafana, where it is the lower bound).
     */
    public String sql(PanelQuery query, QueryWindow window) {
        QueryWindow effective = window;
        if (query.minInterval() != null) {
            Duration min = GrafanaMacros.parseInterval(query.minInterval());
            if (min.compareTo(window.interval()) > 0) {
                effective = new QueryWindow(window.from(), window.to(), min, window.selections());
            }
        }
        return macros.expand(query.rawSql(), effective);
    }

    /** The SQL of the panel titled {@code title} for {@code window}. */
    public String sql(String title, QueryWindow window) {
        return sql(panel(title), window);
    }

    /** The option query of variable {@code name} for {@code window}. */
    public String variableSql(String name, QueryWindow window) {
        TemplateVariable variable = variables.get(name);
        if (variable == null || variable.query() == null) {
            throw new IllegalArgumentException("no query variable " + name + "; variables: " + variables.keySet());
        }
        return macros.expand(variable.query(), window);
    }
}
