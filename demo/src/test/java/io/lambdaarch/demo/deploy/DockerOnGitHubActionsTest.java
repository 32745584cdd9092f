package io.lambdaarch.demo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testcontainers.DockerClientFactory;

/**
 * The *ContainersIT tests skip themselves where no Docker engine answers. On GitHub Actions one always does, so
 * there a skip would hide a broken set-up: this test fails instead.
 */
@EnabledIfEnvironmentVariable(named = "GITHUB_ACTIONS", matches = "true")
class DockerOnGitHubActionsTest {
    @Test
    void dockerShouldBeAvailableForTheContainerTests() {
        assertThat(DockerClientFactory.instance().isDockerAvailable()).isTrue();
    }
}
