package io.lambdaarch.speed.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingType;
import io.lambdaarch.common.config.Service;

/**
 * The Spark release line a build of the speed job is compiled for, named as Iceberg names its runtime jars: one
 * source, one jar per line, because a jar compiled against one line fails on the other at its first Spark call
 * ({@code NoSuchMethodError}) and the Kafka connector uses Spark internals of its own version. {@code ./lambda speed}
 * reads {@link #SETTING} to choose the jar and the Spark classpath it submits with.
 */
public enum SparkLine {
    /** Spark 4.x / Scala 2.13 (Kubernetes, EMR on EKS with a custom image, the compose stack). */
    SPARK_4("4", "speed-layer", "speed-layer-spark-4.x_2.13"),
    /** Spark 3.5.x / Scala 2.12, Java 17 bytecode: EMR 7, Glue 5, EMR on EKS 7.x. */
    SPARK_3_5("3.5", "speed-layer-spark-3.5_2.12", "speed-layer-spark-3.5_2.12");

    public static final Setting<SparkLine> SETTING = Setting.define("LAMBDA_SPEED_SPARK_LINE",
                    SettingType.enumeration(SparkLine.class, SparkLine::externalName), Service.SPEED)
            .defaultValue(SPARK_4)
            .doc("the Spark line `./lambda speed` submits to: `4` (Spark 4.x / Scala 2.13, jar `speed-layer-spark-4.x_2.13.jar`)"
                    + " or `3.5` (Spark 3.5 / Scala 2.12 as on EMR 7 and Glue 5, jar `speed-layer-spark-3.5_2.12.jar`)");

    private final String externalName;
    private final String module;
    private final String jarName;

    SparkLine(String externalName, String module, String jarName) {
        this.externalName = requireNonNull(externalName, "externalName is null");
        this.module = requireNonNull(module, "module is null");
        this.jarName = requireNonNull(jarName, "jarName is null");
    }

    public String externalName() {
        return externalName;
    }

    /** The Maven module that builds this line's jar. */
    public String module() {
        return module;
    }

    /** The jar's file name without {@code .jar}. */
    public String jarName() {
        return jarName;
    }
}
