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
        if (!logger.getLevel().isLessSpecificThan(level)) {
            return false;
        }
        Filter filter = logger.getFilter();
        return filter == null || filter.filter(Log4jLogEvent.newBuilder().setLoggerName(logger.getName()).setLevel(level)
                .setMessage(new SimpleMessage("test")).build()) != Filter.Result.DENY;
    }
}
