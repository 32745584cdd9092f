package io.lambdaarch.speed.cluster;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster of one line, started from Spark's own classes with no distribution: a
 * {@code org.apache.spark.deploy.master.Master} and a {@code org.apache.spark.deploy.worker.Worker}, each in its own
 * JVM. The worker builds its executors' (and in cluster deploy mode, drivers') command lines from SPARK_HOME/jars, as
 * on a real installation, so SPARK_HOME here is a directory of links to the build's Spark classpath.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final SparkBuild build;
    private final Path workDir;
    private final Path sparkHome;
    private final Path workerDir;
    private final String masterUrl;
    private final ChildJvm master;
    private final ChildJvm worker;

    private StandaloneCluster(SparkBuild build, Path workDir, Path sparkHome, Path workerDir, String masterUrl,
            ChildJvm master, ChildJvm worker) {
        this.build = build;
        this.workDir = workDir;
        this.sparkHome = sparkHome;
        this.workerDir = workerDir;
        this.masterUrl = masterUrl;
        this.master = master;
        this.worker = worker;
    }

    /** Starts a master and a worker (2 cores, 2 GB to hand out) and returns once the worker has registered. */
    static StandaloneCluster start(SparkBuild build, Path workDir) throws IOException, InterruptedException {
        requireNonNull(build, "build is null");
        Path sparkHome = sparkHome(build, workDir.resolve("spark-home"));
        Path workerDir = Files.createDirectories(workDir.resolve("worker"));
        int port = freePort();
        String masterUrl = "spark://127.0.0.1:" + port;
        Map<String, String> environment = environment(build, sparkHome);
        ChildJvm master = ChildJvm.start(workDir, "master", List.of("-Xmx256m", "-Dspark.master.rest.enabled=false"),
                build.classpath(), "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())),
                environment);
        ChildJvm worker = null;
        try {
            awaitLog(master, "I have been elected leader");
            worker = ChildJvm.start(workDir, "worker", List.of("-Xmx256m"), build.classpath(),
                    "org.apache.spark.deploy.worker.Worker",
                    List.of("--host", "127.0.0.1", "--cores", "2", "--memory", "2g", "--webui-port", Integer.toString(freePort()),
                            "--work-dir", workerDir.toString(), masterUrl),
                    environment);
            awaitLog(worker, "Successfully registered with master");
            return new StandaloneCluster(build, workDir, sparkHome, workerDir, masterUrl, master, worker);
        } catch (RuntimeException | Error | InterruptedException e) {
            if (worker != null) {
                worker.close();
            }
            master.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    SparkBuild build() {
        return build;
    }

    Path workDir() {
        return workDir;
    }

    /** The environment every JVM of this cluster runs with, the submitting one included. */
    Map<String, String> environment() {
        return environment(build, sparkHome);
    }

    /** The output of the newest driver the worker ran (cluster deploy mode). */
    String latestDriverOutput() {
        try (Stream<Path> drivers = Files.list(workerDir)) {
            Optional<Path> latest = drivers.filter(p -> p.getFileName().toString().startsWith("driver-"))
                    .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            return latest.map(dir -> "--- driver stdout ---\n" + ChildJvm.read(dir.resolve("stdout"))
                    + "\n--- driver stderr ---\n" + ChildJvm.tail(ChildJvm.read(dir.resolve("stderr")))).orElse("(no driver ran)");
        } catch (IOException e) {
            return "(cannot list " + workerDir + ": " + e.getMessage() + ")";
        }
    }

    String output() {
        return master.output() + "\n" + worker.output();
    }

    private static Map<String, String> environment(SparkBuild build, Path sparkHome) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPARK_HOME", sparkHome.toString());
        // The launcher needs the Scala version to look for a distribution's jars; a distribution's scripts set it.
        environment.put("SPARK_SCALA_VERSION", build.scalaBinaryVersion());
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        return environment;
    }

    /** SPARK_HOME with jars/ linking every jar of the build's Spark classpath, as a distribution's jars/ holds them. */
    private static Path sparkHome(SparkBuild build, Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Set<String> names = new HashSet<>();
        int index = 0;
        for (Path jar : build.sparkClasspath()) {
            String name = jar.getFileName().toString();
            if (!names.add(name)) {
                name = (index++) + "-" + name;
            }
            Files.createSymbolicLink(jars.resolve(name), jar);
        }
        return home;
    }

    private static void awaitLog(ChildJvm jvm, String line) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!jvm.stderr().contains(line) && !jvm.stdout().contains(line)) {
            if (!jvm.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("Spark did not log \"" + line + "\"\n" + jvm.output());
            }
            Thread.sleep(100);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            worker.close();
        } finally {
            master.close();
        }
    }
}
