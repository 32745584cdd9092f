package io.lambdaarch.demo.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as Compose reads it with no variables set in the shell: {@code ${NAME:-default}} resolves to its
 * default, {@code $$} to a dollar sign. Only the parts the deployment tests inspect are exposed.
 */
final class ComposeFile {
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?-([^}]*))?}");

    private final JsonNode root;

    private ComposeFile(JsonNode root) {
        this.root = requireNonNull(root, "root is null");
    }

    static ComposeFile read(Path file) throws IOException {
        return new ComposeFile(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    }

    /** Service names in file order. */
    List<String> services() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    List<String> namedVolumes() {
        List<String> names = new ArrayList<>();
        root.path("volumes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    Service service(String name) {
        JsonNode node = root.path("services").path(name);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("docker-compose.yml has no service " + name);
        }
        return new Service(name, node);
    }

    /** What Compose makes of a string with no shell variables set; a variable without a default is an error here. */
    static String interpolate(String value) {
        Matcher matcher = INTERPOLATION.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else if (matcher.group(2) != null) {
                replacement = matcher.group(3);
            } else {
                throw new IllegalArgumentException("${" + matcher.group(1) + "} has no default: " + value);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** One service of the file. */
    record Service(String name, JsonNode node) {
        Optional<String> image() {
            return text(node.path("image"));
        }

        /** The Dockerfile path (relative to the repository root) when the service is built here. */
        Optional<String> dockerfile() {
            JsonNode build = node.path("build");
            if (build.isMissingNode()) {
                return Optional.empty();
            }
            String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
            if (!context.equals(".")) {
                throw new IllegalStateException(name + ": build context " + context + " is not the repository root");
            }
            return Optional.of(build.path("dockerfile").asText("Dockerfile"));
        }

        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            JsonNode node = this.node.path("environment");
            if (node.isArray()) {
                node.forEach(entry -> {
                    String[] parts = entry.asText().split("=", 2);
                    environment.put(parts[0], parts.length == 2 ? interpolate(parts[1]) : "");
                });
            } else {
                node.fields().forEachRemaining(e -> environment.put(e.getKey(), interpolate(e.getValue().asText())));
            }
            return environment;
        }

        List<String> command() {
            return strings(node.path("command"));
        }

        List<String> entrypoint() {
            return strings(node.path("entrypoint"));
        }

        /** depends_on: service name to condition ({@code service_started} for the short list form). */
        Map<String, String> dependsOn() {
            Map<String, String> dependencies = new LinkedHashMap<>();
            JsonNode node = this.node.path("depends_on");
            if (node.isArray()) {
                node.forEach(entry -> dependencies.put(entry.asText(), "service_started"));
            } else {
                node.fields().forEachRemaining(e -> dependencies.put(e.getKey(),
                        e.getValue().path("condition").asText("service_started")));
            }
            return dependencies;
        }

        boolean hasHealthcheck() {
            JsonNode healthcheck = node.path("healthcheck");
            return healthcheck.path("test").isArray() && !healthcheck.path("disable").asBoolean(false);
        }

        List<String> healthcheckTest() {
            return strings(node.path("healthcheck").path("test"));
        }

        Optional<String> restart() {
            return text(node.path("restart"));
        }

        /** Volume mounts as source to target ({@code source} is a named volume or a relative bind path). */
        Map<String, String> volumes() {
            Map<String, String> mounts = new LinkedHashMap<>();
            node.path("volumes").forEach(entry -> {
                String[] parts = entry.asText().split(":");
                mounts.put(parts[0], parts[1]);
            });
            return mounts;
        }

        /** Published ports as host port to container port. */
        Map<String, String> ports() {
            Map<String, String> ports = new LinkedHashMap<>();
            node.path("ports").forEach(entry -> {
                String[] parts = interpolate(entry.asText()).split(":");
                ports.put(parts[parts.length - 2], parts[parts.length - 1]);
            });
            return ports;
        }

        private static Optional<String> text(JsonNode node) {
            return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(interpolate(node.asText()));
        }

        private static List<String> strings(JsonNode node) {
            List<String> values = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(value -> values.add(interpolate(value.asText())));
            } else if (node.isTextual()) {
                values.add(interpolate(node.asText()));
            }
            return values;
        }
    }
}
