package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** log4j2-speed.xml, the logging of the job run through ./lambda speed or the container. */
class SpeedLogConfigTest {
    /** The Spark class that logs a failed query's stack trace (Spark 4.2). */
    private static final String MICRO_BATCH_EXECUTION = "org.apache.spark.sql.execution.streaming.runtime.MicroBatchExecution";

    @Test
    void shouldKeepSparksStackTraceOfAFailedQueryOutOfTheLogButNotItsWarnings() throws IOException {
        XmlConfiguration configuration = load();
        LoggerConfig logger = configuration.getLoggerConfig(MICRO_BATCH_EXECUTION);

        assertThat(logger.getName()).isEqualTo(MICRO_BATCH_EXECUTION);
        assertThat(passes(logger, Level.ERROR)).as("Query ... terminated with error").isFalse();
        assertThat(passes(logger, Level.WARN)).isTrue();
    }

    @Test
    void shouldKeepAFailedTasksStackTracesOutOfTheLogButNotTheOtherLinesOfThoseClasses() throws IOException {
        XmlConfiguration configuration = load();
        LoggerConfig executor = configuration.getLoggerConfig("org.apache.spark.executor.Executor");
        LoggerConfig tasks = configuration.getLoggerConfig("org.apache.spark.scheduler.TaskSetManager");

        assertThat(passes(executor, Level.ERROR, "Exception in task 0.0 in stage 68.0 (TID 99)")).isFalse();
        assertThat(passes(executor, Level.ERROR, "Exception in connection from /127.0.0.1:1")).isTrue();
        assertThat(passes(tasks, Level.WARN, "[queryId = 0865a] [batchId = 25] Lost task 0.0 in stage 68.0 (TID 99)"
                + " (192.0.2.2 executor driver): org.postgresql.util.PSQLException: Connection refused\n\tat a.B.c(B.java:1)"))
                .isFalse();
        assertThat(passes(tasks, Level.ERROR, "Task 0 in stage 68.0 failed 1 times; aborting job")).isTrue();
        assertThat(passes(tasks, Level.WARN, "Stage 3 contains a task of very large size (1200 KiB)")).isTrue();
    }

    @Test
    void shouldKeepTheJobsOwnLines() throws IOException {
        LoggerConfig own = load().getLoggerConfig(SpeedProgressListener.class.getName());

        assertThat(passes(own, Level.INFO)).isTrue();
        assertThat(passes(own, Level.ERROR)).as("the one-line report of a failed query").isTrue();
    }

    private static XmlConfiguration load() throws IOException {
        ConfigurationSource source = ConfigurationSource.fromResource("log4j2-speed.xml", SpeedLogConfigTest.class.getClassLoader());
        assertThat(source).as("log4j2-speed.xml on the classpath").isNotNull();
        XmlConfiguration configuration = new XmlConfiguration(new LoggerContext("speed-log-config-test"), source);
        configuration.initialize();
        return configuration;
    }

    private static boolean passes(LoggerConfig logger, Level level) {
        return passes(logger, level, "test");
    }

    private static boolean passes(LoggerConfig logger, Level level, String message) {
        if (!logger.getLevel().isLessSpecificThan(level)) {
            return false;
        }
        Filter filter = logger.getFilter();
        return filter == null || filter.filter(Log4jLogEvent.newBuilder().setLoggerName(logger.getName()).setLevel(level)
                .setMessage(new SimpleMessage(message)).build()) != Filter.Result.DENY;
    }
}
