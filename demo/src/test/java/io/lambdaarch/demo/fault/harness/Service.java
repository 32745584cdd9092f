package io.lambdaarch.demo.fault.harness;

/** The pipeline's services as the suite starts them: the {@code ./lambda} command and the JVM options for this test. */
public enum Service {
    // Short-lived JVMs: the C1 compiler alone starts faster, which matters on two contended cores.
    INGESTION("ingestion", "ingest", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
    BATCH("batch", "batch", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
    // One shuffle partition: half the state stores and tasks per micro-batch (fixed in the checkpoint at the first start).
    SPEED("speed", "speed", "-Xmx1g -Dspark.sql.shuffle.partitions=1"),
    SERVING("serving", "serve", "-Xmx256m -XX:+UseSerialGC");

    private final String logName;
    private final String command;
    private final String javaOptions;

    Service(String logName, String command, String javaOptions) {
        this.logName = logName;
        this.command = command;
        this.javaOptions = javaOptions;
    }

    /** Prefix of the child's name and log file. */
    public String logName() {
        return logName;
    }

    /** The {@code ./lambda} command. */
    public String command() {
        return command;
    }

    /** JAVA_OPTS of the child JVM. */
    public String javaOptions() {
        return javaOptions;
    }
}
