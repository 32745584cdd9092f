package io.lambdaarch.speed;

import org.apache.spark.sql.SparkSession;

/** The in-process Spark of the tests: two cores, one shuffle partition (tiny data, less scheduling), no UI, UTC. */
public final class LocalSpark {
    private LocalSpark() {
    }

    public static SparkSession start(String appName) {
        return SparkSession.builder()
                .master("local[2]")
                .appName(appName)
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }
}
