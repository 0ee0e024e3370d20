package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * docker-compose.yml checked without a Docker engine: it parses, images are pinned to the versions pom.xml builds
 * with, every mounted file exists (or is a build output of a module), every POSTed connector is valid JSON, host
 * ports do not clash, dependencies and health checks fit together, and every variable comes from .env.example,
 * with no secret written into the file.
 */
class ComposeFileTest {

    static final Path ROOT = Path.of("..");
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(password|secret|credential|token|identity" + "|access_key|api_key).*");

    private static JsonNode services;
    private static JsonNode compose;
    private static String text;
    private static Map<String, String> pom;

    @BeforeAll
    static void read() throws Exception {
        text = Files.readString(ROOT.resolve("docker-compose.yml"));
        compose = new YAMLMapper().readTree(text);
        services = compose.path("services");
        pom = pomProperties();
    }

    @Test
    void theStackHasEveryPartOfThePipeline() {
        assertThat(names(services))
                .as("services")
                .contains("kafka", "connect", "connectors", "postgres", "gold-job", "grafana");
        assertThat(env("kafka").path("KAFKA_PROCESS_ROLES").asText())
                .as("KRaft")
                .isEqualTo("broker,controller");
        assertThat(compose.path("configs")
                        .path("connect-worker")
                        .path("content")
                        .asText())
                .as("plugin.path")
                .contains("plugin.path=/opt/connect-plugins,/opt/connect-plugins-jdbc");
    }

    @Test
    void everyImageIsPinnedToAnExactVersion() {
        for (String name : names(services)) {
            String image = services.path(name).path("image").asText();
            assertThat(image)
                    .as(name + " image")
                    .matches("[a-z0-9./_-]+:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*" + "(@sha256:[0-9a-f]{64})?")
                    .doesNotContain(":latest");
        }
    }

    @Test
    void imagesAndPackagesMatchTheVersionsThePomBuildsWith() {
        assertThat(image("kafka")).as("broker").isEqualTo("apache/kafka:" + pom.get("kafka.version"));
        assertThat(image("connect")).as("worker").isEqualTo(image("kafka"));
        assertThat(image("gold-job"))
                .as("Spark image")
                .startsWith("apache/spark:" + pom.get("spark.version") + "-scala" + pom.get("scala.binary.version")
                        + "-java17");
        assertThat(image("postgres"))
                .as("PostgreSQL major.minor of the tested binaries")
                .isEqualTo("postgres:" + pom.get("postgres-binaries.version").replaceAll("\\.0$", ""));
        String command = services.path("gold-job").path("command").toString();
        String scala = "_" + pom.get("scala.binary.version");
        assertThat(command)
                .as("spark-submit --packages")
                .contains("org.apache.hudi:hudi-spark3.5-bundle" + scala + ":" + pom.get("hudi.version"))
                .contains("org.postgresql:postgresql:" + pom.get("postgresql.version"))
                .contains("org.apache.spark:spark-hive" + scala + ":" + pom.get("spark.version"))
                .contains("io.clickstream.gold.GoldJob");
        String version = pom.get("project.version");
        assertThat(binds("gold-job"))
                .as("the job's jar")
                .anyMatch(b -> b.startsWith("./gold-spark-job/target/gold-spark-job-" + version + ".jar:"));
        assertThat(binds("connect"))
                .as("the plugin bundle")
                .anyMatch(b -> b.startsWith("./connect-plugins/target/connect-plugins-" + version + "-bundle:"));
    }

    @Test
    void everyMountedPathExistsOrIsTheBuildOutputOfAModule() throws IOException {
        for (String name : names(services)) {
            for (String bind : binds(name)) {
                String source = bind.substring(0, bind.indexOf(':'));
                int target = source.indexOf("/target/");
                if (target >= 0) {
                    assertThat(ROOT.resolve(source.substring(0, target)).resolve("pom.xml"))
                            .as(name + ": module of " + source)
                            .isRegularFile();
                } else if (!source.equals("./data") && !source.startsWith("./data/")) {
                    assertThat(ROOT.resolve(source)).as(name + ": " + source).exists();
                }
            }
        }
        assertThat(Files.readString(ROOT.resolve(".gitignore").toAbsolutePath()))
                .as("./data is local, ignored")
                .contains("data/");
    }

    @Test
    void namedVolumesAreDeclaredAndUsed() {
        Set<String> used = new TreeSet<>();
        for (String name : names(services)) {
            for (JsonNode v : services.path(name).path("volumes")) {
                String source = v.asText().substring(0, v.asText().indexOf(':'));
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    used.add(source);
                }
            }
        }
        assertThat(used).as("named volumes").containsExactlyInAnyOrderElementsOf(names(compose.path("volumes")));
    }

    @Test
    void everyConnectorTheOneShotServicePostsIsValid() throws IOException {
        assertThat(binds("connectors")).as("connectors mounted").contains("./connectors:/connectors:ro");
        assertThat(services.path("connectors").path("command").toString())
                .as("posts every file")
                .contains("/connectors/*.json");
        List<Path> files;
        try (Stream<Path> list = Files.list(ROOT.resolve("connectors"))) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("connector files").isNotEmpty();
        for (Path file : files) {
            JsonNode connector = new ObjectMapper().readTree(file.toFile());
            assertThat(connector.path("name").asText()).as(file + " name").isNotBlank();
            assertThat(connector.path("config").path("connector.class").asText())
                    .as(file + " connector.class")
                    .isNotBlank();
        }
    }

    @Test
    void hostPortsDoNotClashAndSharedNetworksPublishOnTheirOwner() {
        Set<String> seen = new HashSet<>();
        for (String name : names(services)) {
            JsonNode service = services.path(name);
            if (service.has("network_mode")) {
                assertThat(service.has("ports"))
                        .as(name + " shares a network namespace: no ports of its own")
                        .isFalse();
                assertThat(names(services))
                        .as(name + " network owner")
                        .contains(service.path("network_mode").asText().replace("service:", ""));
            }
            for (JsonNode port : service.path("ports")) {
                String host = port.asText().split(":")[0];
                assertThat(seen.add(host))
                        .as(name + ": host port " + host + " used once")
                        .isTrue();
            }
        }
    }

    @Test
    void dependenciesExistAndWaitOnHealthChecksThatExist() {
        for (String name : names(services)) {
            JsonNode dependsOn = services.path(name).path("depends_on");
            for (String dependency : names(dependsOn)) {
                assertThat(names(services)).as(name + " depends on").contains(dependency);
                String condition = dependsOn.path(dependency).path("condition").asText();
                assertThat(condition)
                        .as(name + " waits on " + dependency)
                        .isIn("service_healthy", "service_started", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(services.path(dependency)
                                    .path("healthcheck")
                                    .path("test")
                                    .isArray())
                            .as(dependency + " has the health check " + name + " waits on")
                            .isTrue();
                }
            }
        }
        for (String name : List.of("kafka", "connect", "postgres", "gold-job", "grafana")) {
            JsonNode check = services.path(name).path("healthcheck");
            assertThat(check.path("test").get(0).asText())
                    .as(name + " health check")
                    .isIn("CMD", "CMD-SHELL");
            assertThat(check.path("retries").asInt()).as(name + " retries").isPositive();
        }
    }

    @Test
    void everyVariableComesFromEnvExampleAndNoSecretIsWrittenIntoTheFile() throws IOException {
        Map<String, String> example = envExample();
        Set<String> referenced = new TreeSet<>();
        Matcher m = VARIABLE.matcher(text.replace("$$", ""));
        while (m.find()) {
            referenced.add(m.group(1));
        }
        assertThat(example.keySet()).as(".env.example keys").containsExactlyInAnyOrderElementsOf(referenced);
        for (String name : names(services)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = env(name).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (SECRET_NAME.matcher(e.getKey()).matches()) {
                    assertThat(e.getValue().asText())
                            .as(name + " " + e.getKey() + " from the environment")
                            .matches("\\$\\{[A-Z][A-Z0-9_]*(:\\?[^}]*)?}");
                }
            }
        }
        assertThat(compose.path("configs").toString())
                .as("worker config")
                .doesNotContainPattern("(?i)(password|secret)\\s*=");
        assertThat(Files.readString(ROOT.resolve(".gitignore")))
                .as(".env is not committed")
                .containsPattern("(?m)^\\.env$");
    }

    @Test
    void grafanaGetsEveryVariableItsProvisioningUses() throws IOException {
        assertThat(binds("grafana"))
                .as("provisioning and dashboards mounted")
                .contains(
                        "./grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./grafana/dashboards:/etc/grafana/dashboards:ro");
        String datasource = Files.readString(ROOT.resolve("grafana/provisioning/datasources/gold.yaml"))
                .replaceAll("(?m)^\\s*#.*$", "");
        Matcher m = VARIABLE.matcher(datasource);
        List<String> used = new ArrayList<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).as("data source variables").isNotEmpty();
        assertThat(names(env("grafana"))).as("Grafana's environment").containsAll(used);
        assertThat(names(env("postgres")))
                .as("the reader's password for grafana/postgres-init")
                .contains("GOLD_READER_PASSWORD");
    }

    private static String image(String service) {
        return services.path(service).path("image").asText();
    }

    private static JsonNode env(String service) {
        return services.path(service).path("environment");
    }

    private static List<String> binds(String service) {
        List<String> binds = new ArrayList<>();
        for (JsonNode v : services.path(service).path("volumes")) {
            if (v.asText().startsWith("./")) {
                binds.add(v.asText());
            }
        }
        return binds;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    private static Map<String, String> pomProperties() throws Exception {
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("pom.xml").toFile())
                .getDocumentElement();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(
                "project.version", child(project, "version").getTextContent().trim());
        NodeList list = child(project, "properties").getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i).getNodeType() == Node.ELEMENT_NODE) {
                properties.put(
                        list.item(i).getNodeName(),
                        list.item(i).getTextContent().trim());
            }
        }
        return properties;
    }

    private static Element child(Element parent, String name) {
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("pom.xml has no <" + name + ">");
    }
}
