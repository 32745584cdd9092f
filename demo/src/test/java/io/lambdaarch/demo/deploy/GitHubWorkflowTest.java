package io.lambdaarch.demo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflow checks what the development machines cannot: the compose job starts from a cold image
 * cache, so an image that has left its registry fails the job by name instead of passing on a cached copy. The
 * actions stay on their current majors and Dependabot watches every kind of pin the repository has.
 */
class GitHubWorkflowTest {
    /** The current major of each action the workflow uses, as of this commit (Dependabot proposes the next one). */
    private static final Map<String, Integer> CURRENT_MAJORS = Map.of(
            "actions/checkout", 6,
            "actions/setup-java", 5,
            "actions/upload-artifact", 7);

    private static JsonNode workflow;

    @BeforeAll
    static void readWorkflow() throws IOException {
        workflow = yaml(DockerComposeFileTest.ROOT.resolve(".github/workflows/ci.yml"));
    }

    @Test
    void composeJobShouldPullEveryImageFreshBeforeStartingTheStack() {
        List<String> commands = runCommands(workflow.path("jobs").path("docker-compose"));
        int pull = indexOf(commands, "docker compose pull");
        int build = indexOf(commands, "docker compose build");
        int up = indexOf(commands, "docker compose up");

        assertThat(pull).as("docker compose pull").isNotNegative().isLessThan(up);
        assertThat(commands.get(pull)).doesNotContain("--ignore-pull-failures", "--quiet");
        assertThat(build).as("docker compose build").isNotNegative().isLessThan(up);
        assertThat(commands.get(build)).contains("--pull", "--no-cache");
    }

    @Test
    void actionsShouldBeOnTheirCurrentMajors() {
        List<String> uses = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(step -> {
            if (step.has("uses")) {
                uses.add(step.path("uses").asText());
            }
        }));

        assertThat(uses).isNotEmpty().allSatisfy(action -> {
            String name = action.substring(0, action.indexOf('@'));
            String version = action.substring(action.indexOf('@') + 1);
            assertThat(CURRENT_MAJORS).as(action + " has a known current major").containsKey(name);
            assertThat(version).as(action + " is pinned to a major").matches("v\\d+");
            // at least: a Dependabot pull request that moves to the next major passes
            assertThat(Integer.parseInt(version.substring(1))).as(action).isGreaterThanOrEqualTo(CURRENT_MAJORS.get(name));
        });
    }

    @Test
    void dependabotShouldWatchMavenTheActionsTheDockerfilesAndTheComposeFile() throws IOException {
        JsonNode dependabot = yaml(DockerComposeFileTest.ROOT.resolve(".github/dependabot.yml"));
        TreeSet<String> ecosystems = new TreeSet<>();
        dependabot.path("updates").forEach(update -> ecosystems.add(update.path("package-ecosystem").asText()));

        assertThat(dependabot.path("version").asInt()).isEqualTo(2);
        assertThat(ecosystems).containsExactly("docker", "docker-compose", "github-actions", "maven");
    }

    private static List<String> runCommands(JsonNode job) {
        List<String> commands = new ArrayList<>();
        job.path("steps").forEach(step -> {
            if (step.has("run")) {
                commands.add(step.path("run").asText().strip());
            }
        });
        return commands;
    }

    private static int indexOf(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }
}
