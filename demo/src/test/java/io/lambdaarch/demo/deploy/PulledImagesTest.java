package io.lambdaarch.demo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.demo.deploy.ComposeFile.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every image the project pulls (compose services, the Dockerfiles' base images, the images the container tests
 * start) comes from a repository that still exists and is maintained: none is in {@link GoneImageRepositories}.
 * Whether a pinned tag still exists needs a registry, which only the compose job on GitHub Actions has; it pulls
 * every image fresh and fails when one is missing.
 */
class PulledImagesTest {
    /** An image literal handed to a Testcontainers container or to {@code DockerImageName.parse}. */
    private static final Pattern TEST_IMAGE = Pattern.compile(
            "(?:Container(?:<[^>(]*>)?|DockerImageName\\.parse)\\(\\s*\"([^\"]+)\"");

    @Test
    void noImageShouldComeFromARepositoryKnownToBeGone() throws IOException {
        Map<String, String> images = pulledImages();

        List<String> gone = new ArrayList<>();
        images.forEach((image, where) -> GoneImageRepositories.lookUp(image)
                .ifPresent(repository -> gone.add(where + ": " + image + " (" + repository.reason() + ")")));
        assertThat(gone).isEmpty();
    }

    @Test
    void shouldFindTheImagesOfComposeTheDockerfilesAndTheContainerTests() throws IOException {
        Map<String, String> images = pulledImages();

        assertThat(images).containsKeys("postgres:17", "eclipse-temurin:17-jre")
                .containsKey(ComposeImages.image("s3"))
                .containsKey(ComposeImages.image("s3-init"));
        assertThat(images.keySet()).allSatisfy(image -> assertThat(image).as("pinned").contains(":"));
    }

    @Test
    void shouldRecogniseGoneRepositoriesUnderEveryWayOfNamingThem() {
        assertThat(GoneImageRepositories.lookUp("minio/minio:RELEASE.2025-09-07T16-13-09Z")).isPresent();
        assertThat(GoneImageRepositories.lookUp("docker.io/minio/mc:latest")).isPresent();
        assertThat(GoneImageRepositories.lookUp("quay.io/minio/minio@sha256:0123")).isPresent();
        assertThat(GoneImageRepositories.lookUp("bitnami/kafka:3.9")).isPresent();
        assertThat(GoneImageRepositories.lookUp("docker.io/library/openjdk:17")).isPresent();
        assertThat(GoneImageRepositories.lookUp("andrewgaul/s3proxy:4.1.0")).isEmpty();
        assertThat(GoneImageRepositories.lookUp("minio/minio-but-not-the-same:1")).isEmpty();
        assertThat(GoneImageRepositories.lookUp("eclipse-temurin:17-jre")).isEmpty();
    }

    @Test
    void shouldReadTheImageOfAContainerTestsSource() {
        String source = "@Container\nprivate static final MinIOContainer MINIO = new MinIOContainer(\"minio/minio:RELEASE.1\");\n"
                + "GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(\"bitnami/kafka:3\"));";

        assertThat(imagesIn(source)).containsExactly("minio/minio:RELEASE.1", "bitnami/kafka:3");
    }

    /** Image to where it is named. */
    private static Map<String, String> pulledImages() throws IOException {
        Map<String, String> images = new LinkedHashMap<>();
        ComposeFile compose = ComposeFile.read(DockerComposeFileTest.ROOT.resolve("docker-compose.yml"));
        for (String name : compose.services()) {
            Service service = compose.service(name);
            if (service.dockerfile().isEmpty()) {
                images.put(service.image().orElseThrow(), "docker-compose.yml service " + name);
            }
        }
        for (Path dockerfile : files(DockerComposeFileTest.ROOT.resolve("docker"), "Dockerfile")) {
            for (String line : Files.readAllLines(dockerfile)) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && words[0].equalsIgnoreCase("FROM")) {
                    images.put(words[1], DockerComposeFileTest.ROOT.relativize(dockerfile).toString());
                }
            }
        }
        for (String module : DeploymentFiles.modules()) {
            Path tests = DockerComposeFileTest.ROOT.resolve(module).resolve("src/test/java");
            for (Path source : files(tests, ".java")) {
                for (String image : imagesIn(Files.readString(source))) {
                    images.put(image, DockerComposeFileTest.ROOT.relativize(source).toString());
                }
            }
        }
        return images;
    }

    private static List<String> imagesIn(String source) {
        List<String> images = new ArrayList<>();
        Matcher matcher = TEST_IMAGE.matcher(source);
        while (matcher.find()) {
            images.add(matcher.group(1));
        }
        return images;
    }

    private static List<Path> files(Path directory, String suffix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
        }
    }
}
