package io.clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The files under {@code grafana/} as Grafana would load them: the dashboard against the JSON Schema of Grafana's
 * dashboard model (test resource {@code grafana/dashboard-model.schema.json}), a grid without overlaps, and panels
 * that use the provisioned data source, whose password comes from the environment.
 */
class DashboardModelTest {

    static final Path GRAFANA = Path.of("..", "grafana");
    static final Path DASHBOARD = GRAFANA.resolve("dashboards/clickstream.json");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDashboardMatchesGrafanasDashboardModel() throws IOException {
        assertThat(errors(json.readTree(DASHBOARD.toFile())))
                .as("schema errors")
                .isEmpty();
    }

    @Test
    void theSchemaRejectsWhatGrafanaWouldNotLoad() throws IOException {
        ObjectNode wide = (ObjectNode) json.readTree(DASHBOARD.toFile());
        ((ObjectNode) wide.path("panels").get(0).path("gridPos")).put("w", 30);
        assertThat(errors(wide)).as("a panel wider than the grid").isNotEmpty();
        ObjectNode noRef = (ObjectNode) json.readTree(DASHBOARD.toFile());
        ((ObjectNode) noRef.path("panels").get(1).path("targets").get(0)).remove("refId");
        assertThat(errors(noRef)).as("a target without refId").isNotEmpty();
        ObjectNode badType = (ObjectNode) json.readTree(DASHBOARD.toFile());
        ((ObjectNode) badType.path("panels").get(2)).put("type", "graphh");
        assertThat(errors(badType)).as("an unknown visualization").isNotEmpty();
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlapOnTheGrid() throws IOException {
        JsonNode panels = json.readTree(DASHBOARD.toFile()).path("panels");
        Set<Integer> ids = new HashSet<>();
        List<String> cells = new ArrayList<>();
        for (JsonNode p : panels) {
            assertThat(ids.add(p.path("id").asInt()))
                    .as("unique id " + p.path("id"))
                    .isTrue();
            JsonNode g = p.path("gridPos");
            assertThat(g.path("x").asInt() + g.path("w").asInt())
                    .as(p.path("title") + " within 24 columns")
                    .isLessThanOrEqualTo(24);
            for (int x = g.path("x").asInt();
                    x < g.path("x").asInt() + g.path("w").asInt();
                    x++) {
                for (int y = g.path("y").asInt();
                        y < g.path("y").asInt() + g.path("h").asInt();
                        y++) {
                    cells.add(x + "," + y);
                }
            }
        }
        assertThat(cells).as("grid cells covered twice").doesNotHaveDuplicates();
    }

    @Test
    void everyQueryUsesTheProvisionedDataSourceWhosePasswordIsFromTheEnvironment() throws IOException {
        JsonNode provisioned = new YAMLMapper()
                .readTree(GRAFANA.resolve("provisioning/datasources/gold.yaml").toFile())
                .path("datasources")
                .get(0);
        assertThat(provisioned.path("user").asText()).as("read-only role").isEqualTo("gold_reader");
        assertThat(provisioned.path("secureJsonData").path("password").asText())
                .as("password")
                .matches("\\$\\{[A-Z_]+}");
        String uid = provisioned.path("uid").asText();
        String type = provisioned.path("type").asText();
        JsonNode root = json.readTree(DASHBOARD.toFile());
        List<JsonNode> refs = new ArrayList<>(root.findValues("datasource"));
        assertThat(refs)
                .as("data source references")
                .hasSizeGreaterThan(root.path("panels").size());
        for (JsonNode ref : refs) {
            assertThat(ref.path("uid").asText() + "/" + ref.path("type").asText())
                    .as("data source")
                    .isEqualTo(uid + "/" + type);
        }
        JsonNode provider = new YAMLMapper()
                .readTree(GRAFANA.resolve("provisioning/dashboards/clickstream.yaml")
                        .toFile())
                .path("providers")
                .get(0);
        assertThat(provider.path("options").path("path").asText())
                .as("provider path, mounted by docker-compose")
                .isEqualTo("/etc/grafana/dashboards");
    }

    private Set<ValidationMessage> errors(JsonNode dashboard) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("grafana/dashboard-model.schema.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
            return schema.validate(dashboard);
        }
    }
}
