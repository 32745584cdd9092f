package io.lambdaarch.demo.deploy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Image repositories that can no longer be pulled, or only as a frozen snapshot that gets no security fixes. A
 * deployment file or container test naming one of them breaks {@code docker compose up} on every machine without a
 * cached copy, which is how the compose stack broke when MinIO deleted its Docker Hub repositories.
 */
final class GoneImageRepositories {
    /** A repository ({@code owner/name}) or a whole namespace ({@code owner/}), and what happened to it. */
    record Gone(String repository, String reason) {
        Gone {
            requireNonNull(repository, "repository is null");
            requireNonNull(reason, "reason is null");
        }

        boolean covers(String normalizedRepository) {
            return repository.endsWith("/") ? normalizedRepository.startsWith(repository)
                    : normalizedRepository.equals(repository);
        }
    }

    private static final String MINIO = "deleted from Docker Hub by MinIO on 2026-09-12; its community edition is archived";
    static final List<Gone> GONE = List.of(
            new Gone("minio/minio", MINIO),
            new Gone("minio/mc", MINIO),
            new Gone("quay.io/minio/", "MinIO's community edition is archived: a frozen snapshot without fixes"),
            new Gone("bitnami/", "Bitnami moved its free images to bitnamilegacy in 2025, which gets no updates"),
            new Gone("bitnamilegacy/", "Bitnami's frozen copies of its former free images: no updates"),
            new Gone("wurstmeister/", "unmaintained since 2021 (Kafka on ZooKeeper, which Kafka 4 removed)"),
            new Gone("openjdk", "deprecated by Docker Hub in 2022; no current JDK or JRE tags (use eclipse-temurin)"));

    private GoneImageRepositories() {
    }

    /** Why {@code image} is gone, or empty when its repository is not known to be. */
    static Optional<Gone> lookUp(String image) {
        String repository = normalizedRepository(image);
        return GONE.stream().filter(gone -> gone.covers(repository)).findFirst();
    }

    /** {@code docker.io/library/postgres:17@sha256:...} -> {@code postgres}; Docker Hub's prefixes dropped. */
    static String normalizedRepository(String image) {
        String name = image.strip().toLowerCase(Locale.ROOT);
        int digest = name.indexOf('@');
        if (digest >= 0) {
            name = name.substring(0, digest);
        }
        int tag = name.lastIndexOf(':');
        if (tag > name.lastIndexOf('/')) {
            name = name.substring(0, tag);
        }
        for (String prefix : List.of("docker.io/", "index.docker.io/", "registry-1.docker.io/")) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
            }
        }
        if (name.startsWith("library/")) {
            name = name.substring("library/".length());
        }
        return name;
    }
}
