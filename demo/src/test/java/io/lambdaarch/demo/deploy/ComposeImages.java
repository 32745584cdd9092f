package io.lambdaarch.demo.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The third-party services of docker-compose.yml, for the container tests: they start the image the compose file
 * names, so the tests and {@code docker compose up} always run the same releases.
 */
final class ComposeImages {
    private ComposeImages() {
    }

    static ComposeFile.Service service(String name) {
        try {
            return ComposeFile.read(DockerComposeFileTest.ROOT.resolve("docker-compose.yml")).service(name);
        } catch (IOException e) {
            throw new UncheckedIOException("docker-compose.yml cannot be read", e);
        }
    }

    static String image(String service) {
        return service(service).image()
                .orElseThrow(() -> new IllegalStateException("docker-compose.yml: service " + service + " has no image"));
    }
}
