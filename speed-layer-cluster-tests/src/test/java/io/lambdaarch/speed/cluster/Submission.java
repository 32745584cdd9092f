package io.lambdaarch.speed.cluster;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code spark-submit} of a speed jar to a {@link StandaloneCluster}: Spark's own
 * {@code org.apache.spark.deploy.SparkSubmit} on the build's Spark classpath, as a distribution's
 * {@code bin/spark-submit} runs it, with the job's LAMBDA_* settings in its environment.
 */
final class Submission {
    static final String MAIN_CLASS = "io.lambdaarch.speed.cli.SpeedLayerCommand";

    enum DeployMode { CLIENT, CLUSTER }

    private final StandaloneCluster cluster;
    private final DeployMode mode;
    private final Map<String, String> settings;
    private final List<String> sparkConf = new ArrayList<>();

    Submission(StandaloneCluster cluster, DeployMode mode, Map<String, String> settings) {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.mode = requireNonNull(mode, "mode is null");
        this.settings = Map.copyOf(settings);
    }

    /** Adds {@code --conf key=value}. */
    Submission conf(String key, String value) {
        sparkConf.addAll(List.of("--conf", key + "=" + value));
        return this;
    }

    /** Starts spark-submit; in client mode its JVM is the driver, in cluster mode the worker starts the driver. */
    ChildJvm start(String name, String... jobArgs) {
        String driverLogging = "-Dlog4j2.configurationFile=file:" + SparkBuild.property("driver.log4j2");
        String sparkJavaOptions = String.join(" ", ChildJvm.SPARK_JAVA_OPTIONS);
        List<String> args = new ArrayList<>(List.of(
                "--master", cluster.masterUrl(),
                "--deploy-mode", mode.name().toLowerCase(java.util.Locale.ROOT),
                "--name", "lambda-speed-layer-" + name,
                "--class", MAIN_CLASS,
                "--total-executor-cores", "1",
                "--executor-cores", "1",
                "--executor-memory", "512m",
                "--conf", "spark.ui.enabled=false",
                // Executors get Spark's Java 17 options from the driver's SparkContext itself.
                "--conf", "spark.sql.shuffle.partitions=1"));
        if (mode == DeployMode.CLUSTER) {
            args.addAll(List.of(
                    "--driver-memory", "640m",
                    "--driver-cores", "1",
                    "--conf", "spark.driver.extraJavaOptions=" + sparkJavaOptions + " " + driverLogging,
                    // The submitting JVM waits for the driver and exits with its outcome, as an EMR step does.
                    "--conf", "spark.standalone.submit.waitAppCompletion=true"));
        }
        args.addAll(sparkConf);
        args.add(cluster.build().jar().toUri().toString());
        args.addAll(List.of(jobArgs));

        Map<String, String> environment = new HashMap<>(cluster.environment());
        // In cluster mode the worker gives the driver the submitting environment (standalone's legacy gateway).
        environment.putAll(settings);
        List<String> jvmOptions = mode == DeployMode.CLIENT ? List.of("-Xmx640m", driverLogging) : List.of("-Xmx256m");
        return ChildJvm.start(cluster.workDir(), name, jvmOptions, cluster.build().classpath(),
                "org.apache.spark.deploy.SparkSubmit", args, environment);
    }
}
