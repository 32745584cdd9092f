package io.lambdaarch.demo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lambdaarch.batch.metrics.BatchMetricsSettings;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.localstack.metrics.MetricsCatalogue;
import io.lambdaarch.serving.config.ServingConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prometheus and Grafana in docker-compose.yml without Docker: the services and their pinned images, Prometheus
 * scraping each service where that service really serves its metrics, Grafana provisioned from files of this
 * repository, and every query of the pipeline dashboard naming a series of docs/operations.md, whose rows each
 * service's integration test finds in a real scrape.
 */
class MonitoringProvisioningTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = DockerComposeFileTest.ROOT;
    private static final Path DASHBOARD = ROOT.resolve("docker/grafana/dashboards/lambda-pipeline.json");
    /** The panels the operator's questions need, by title. */
    private static final List<String> REQUIRED_PANELS = List.of(
            "Ingest rate", "DLQ rate", "Speed lag", "Batch cutoff age", "Batch run history", "Serving p99");
    // PromQL words that are not series names: functions, aggregations, modifiers.
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "avg", "min", "max", "count", "rate", "irate",
            "increase", "by", "without", "on", "ignoring", "histogram_quantile", "time", "and", "or", "unless",
            "bool", "offset", "abs", "clamp_min", "clamp_max", "delta", "deriv", "topk", "bottomk");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static ComposeFile compose;

    @BeforeAll
    static void readComposeFile() throws IOException {
        compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
    }

    @Test
    void composeShouldRunPrometheusThePushgatewayAndGrafanaFromPinnedImages() {
        assertThat(compose.services()).contains("prometheus", "pushgateway", "grafana");
        assertThat(compose.service("prometheus").image()).hasValueSatisfying(i -> assertThat(i).matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+"));
        assertThat(compose.service("pushgateway").image()).hasValueSatisfying(i -> assertThat(i).matches("prom/pushgateway:v\\d+\\.\\d+\\.\\d+"));
        assertThat(compose.service("grafana").image()).hasValueSatisfying(i -> assertThat(i).matches("grafana/grafana:\\d+\\.\\d+\\.\\d+"));
        assertThat(compose.service("grafana").dependsOn()).containsEntry("prometheus", "service_healthy");
        assertThat(compose.service("prometheus").volumes())
                .containsEntry("./docker/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
    }

    @Test
    void prometheusShouldScrapeEachServiceWhereItServesMetrics() throws IOException {
        JsonNode config = YAML.readTree(ROOT.resolve("docker/prometheus/prometheus.yml").toFile());
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, Boolean> honorLabels = new LinkedHashMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode group : job.path("static_configs")) {
                for (JsonNode target : group.path("targets")) {
                    String[] hostPort = target.asText().split(":");
                    targets.put(hostPort[0], hostPort[1]);
                    honorLabels.put(hostPort[0], job.path("honor_labels").asBoolean(false));
                }
            }
        }

        assertThat(targets).containsOnlyKeys("ingestion", "speed-layer", "serving-layer", "pushgateway");
        assertThat(targets.get("ingestion")).isEqualTo(setting("ingestion", IngestConfig.METRICS_PORT.name()));
        assertThat(targets.get("speed-layer")).isEqualTo(setting("speed-layer", "LAMBDA_SPEED_METRICS_PORT"));
        assertThat(targets.get("serving-layer")).isEqualTo(setting("serving-layer", ServingConfig.PORT.name()));
        for (String service : List.of("ingestion", "speed-layer")) {
            assertThat(setting(service, MetricsEndpointSettings.HOST.name())).as(service + " must listen beyond localhost")
                    .isEqualTo("0.0.0.0");
        }
        URI pushgateway = URI.create(setting("batch-layer", BatchMetricsSettings.PUSHGATEWAY.name()));
        assertThat(pushgateway.getHost()).isEqualTo("pushgateway");
        assertThat(Integer.toString(pushgateway.getPort())).isEqualTo(targets.get("pushgateway"));
        assertThat(honorLabels.get("pushgateway")).as("the batch job's job and command labels are kept").isTrue();
    }

    @Test
    void grafanaShouldBeProvisionedWithThePrometheusSourceAndTheDashboard() throws IOException {
        Map<String, String> volumes = compose.service("grafana").volumes();
        Map<String, Path> mounted = new LinkedHashMap<>();
        volumes.forEach((source, target) -> {
            assertThat(source).as("grafana mounts files of this repository").startsWith("./docker/grafana/");
            assertThat(ROOT.resolve(source)).isDirectory();
            mounted.put(target, ROOT.resolve(source).normalize());
        });
        Path datasources = mounted.get("/etc/grafana/provisioning/datasources");
        Path providers = mounted.get("/etc/grafana/provisioning/dashboards");
        assertThat(datasources).isNotNull();
        assertThat(providers).isNotNull();

        JsonNode source = YAML.readTree(datasources.resolve("prometheus.yml").toFile()).path("datasources").get(0);
        assertThat(source.path("type").asText()).isEqualTo("prometheus");
        URI url = URI.create(source.path("url").asText());
        assertThat(url.getHost()).isEqualTo("prometheus");
        assertThat(compose.service("prometheus").ports()).containsValue(Integer.toString(url.getPort()));

        JsonNode provider = YAML.readTree(providers.resolve("lambda.yml").toFile()).path("providers").get(0);
        Path dashboards = mounted.get(provider.path("options").path("path").asText());
        assertThat(dashboards).as("the provider's path is where the dashboards are mounted").isNotNull();
        assertThat(dashboards.resolve("lambda-pipeline.json")).isRegularFile().isEqualTo(DASHBOARD);

        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo(source.path("uid").asText());
        }
    }

    @Test
    void everyDashboardQueryShouldNameOnlySeriesAServiceExports() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Set<String> exported = MetricsCatalogue.read(ROOT.resolve(MetricsCatalogue.DOCUMENT)).allSeries();
        List<String> titles = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.path("title").asText());
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expression = target.path("expr").asText();
                Set<String> series = seriesIn(expression);
                assertThat(series).as("series in " + expression).isNotEmpty();
                series.stream().filter(name -> !exported.contains(name))
                        .forEach(name -> unknown.add(panel.path("title").asText() + ": " + name));
            }
        }

        assertThat(titles).containsAll(REQUIRED_PANELS);
        assertThat(unknown).as("series no service exports (docs/operations.md)").isEmpty();
    }

    @Test
    void seriesShouldBeFoundInQueriesAndNotLabelsOrFunctions() {
        assertThat(seriesIn("histogram_quantile(0.99, sum by (le, route) (rate(http_server_requests_seconds_bucket"
                + "{route=~\"/api/.*\"}[5m])))")).containsExactly("http_server_requests_seconds_bucket");
        assertThat(seriesIn("time() - lambda_batch_last_success_timestamp_seconds"))
                .containsExactly("lambda_batch_last_success_timestamp_seconds");
        assertThat(seriesIn("lambda_batch_run_outcome{outcome!=\"succeeded\"} == 1")).containsExactly("lambda_batch_run_outcome");
    }

    /** The series names of a PromQL expression: identifiers outside strings, label matchers, ranges and by(...). */
    static Set<String> seriesIn(String expression) {
        String stripped = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Set<String> series = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group();
            int after = identifier.end();
            boolean call = after < stripped.length() && stripped.substring(after).stripLeading().startsWith("(");
            if (!PROMQL_WORDS.contains(name) && !call && !Character.isDigit(name.charAt(0))) {
                series.add(name);
            }
        }
        return series;
    }

    private static String setting(String service, String key) {
        String value = compose.service(service).environment().get(key);
        assertThat(value).as(service + " sets " + key).isNotNull();
        return value;
    }
}
