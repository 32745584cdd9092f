package io.lambdaarch.demo.fault.harness;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The checkout the fault suite runs in: {@code ./lambda} and the built service jars it starts. Failsafe runs the
 * demo module's tests in {@code demo/}, so the root is its parent; the reactor has packaged every module by then.
 */
public record Repository(Path root) {
    /** What {@code ./lambda ingest|batch|speed|serve} need with LAMBDA_NO_BUILD=1. */
    static final List<String> BUILT_FILES = List.of(
            "ingestion/target/ingestion.jar",
            "batch-layer/target/batch-layer.jar",
            "speed-layer/target/speed-layer-spark-4.x_2.13.jar",
            "speed-layer/target/spark-classpath.txt",
            "serving-layer/target/serving-layer.jar");

    public Repository {
        requireNonNull(root, "root is null");
    }

    /** Finds the root from the working directory ({@code demo/} under Maven, the root in an IDE). */
    public static Repository locate() {
        Path workingDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate : new Path[] {workingDir.getParent(), workingDir}) {
            if (candidate != null && Files.isRegularFile(candidate.resolve("lambda")) && Files.isDirectory(candidate.resolve("demo"))) {
                return check(new Repository(candidate));
            }
        }
        throw new IllegalStateException("The fault suite runs in the demo module of a lambda-arch checkout, but neither "
                + workingDir + " nor its parent holds ./lambda and demo/");
    }

    private static Repository check(Repository repository) {
        List<String> missing = BUILT_FILES.stream().filter(f -> !Files.isRegularFile(repository.root.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The fault suite starts the built services, but " + String.join(", ", missing)
                    + " is missing under " + repository.root + ": build them first (./mvnw -DskipTests package, or run"
                    + " ./mvnw verify from the root, which packages every module before the demo module's integration tests)");
        }
        return repository;
    }
}
