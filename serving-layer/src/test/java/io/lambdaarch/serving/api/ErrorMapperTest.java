package io.lambdaarch.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.serving.sql.WarehouseBusyException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
    private final ErrorMapper mapper = new ErrorMapper();

    @Test
    void shouldAnswerBadParametersWithTheirOwnMessage() {
        ApiError error = mapper.toError(new BadParameterException("limit", "limit 0 is out of range"), "GET /api/x");

        assertThat(error.error().code()).isEqualTo(ErrorCode.BAD_PARAMETER);
        assertThat(error.error().code().status()).isEqualTo(400);
        assertThat(error.error().parameter()).isEqualTo("limit");
        assertThat(error.error().message()).isEqualTo("limit 0 is out of range");
        assertThat(error.error().incident()).isNull();
    }

    @Test
    void shouldClassifyWarehouseFailures() {
        assertThat(ErrorMapper.classify(new SQLTransientConnectionException("pool timeout")))
                .isEqualTo(ErrorCode.WAREHOUSE_UNAVAILABLE);
        assertThat(ErrorMapper.classify(new SQLException("Connection refused", "08001")))
                .isEqualTo(ErrorCode.WAREHOUSE_UNAVAILABLE);
        assertThat(ErrorMapper.classify(new SQLException("terminating connection", "57P01")))
                .isEqualTo(ErrorCode.WAREHOUSE_UNAVAILABLE);
        assertThat(ErrorMapper.classify(new SQLException("canceling statement due to user request", "57014")))
                .isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(ErrorMapper.classify(new SQLTimeoutException("timeout")))
                .isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(ErrorMapper.classify(new RuntimeException(new SQLException("relation \"x\" does not exist", "42P01"))))
                .isEqualTo(ErrorCode.WAREHOUSE_ERROR);
        assertThat(ErrorMapper.classify(new IllegalStateException("bug"))).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void shouldNeverPassSqlOrDriverTextToTheClient() {
        SQLException failure = new SQLException(
                "ERROR: relation \"serving_view\" does not exist\n  Position: 42 SELECT location FROM serving_view", "42P01");

        ApiError error = mapper.toError(failure, "GET /api/totals");

        assertThat(error.error().code()).isEqualTo(ErrorCode.WAREHOUSE_ERROR);
        assertThat(error.error().message()).isEqualTo(ErrorCode.WAREHOUSE_ERROR.clientMessage())
                .doesNotContain("serving_view", "SELECT");
        assertThat(error.error().incident()).isNotBlank();
        assertThat(error.error().parameter()).isNull();
    }

    @Test
    void shouldGiveEveryCodeAnErrorStatusAndItsOwnMessage() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.status()).isBetween(400, 599);
            assertThat(code.clientMessage()).isNotBlank();
        }
        // Jetty's own errors find a code of their status, never one that names a cause Jetty cannot have
        assertThat(ErrorCode.forStatus(400)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(ErrorCode.forStatus(414)).isEqualTo(ErrorCode.URI_TOO_LONG);
        assertThat(ErrorCode.forStatus(431)).isEqualTo(ErrorCode.HEADERS_TOO_LARGE);
        assertThat(ErrorCode.forStatus(501)).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        assertThat(ErrorCode.forStatus(503)).isEqualTo(ErrorCode.OVERLOADED);
        assertThat(ErrorCode.forStatus(403)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(ErrorCode.forStatus(504)).isEqualTo(ErrorCode.INTERNAL);
        // two codes may share a status (a bad parameter and a malformed request are both 400), never a message
        assertThat(ErrorCode.values()).extracting(ErrorCode::clientMessage).doesNotHaveDuplicates();
        assertThat(ErrorCode.forStatus(413)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(ErrorCode.forStatus(505)).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void shouldAnswerABusyWarehouseWith503AndRetryAfter() {
        ApiError error = mapper.toError(new WarehouseBusyException("every warehouse connection is busy"), "GET /api/totals");

        assertThat(error.error().code()).isEqualTo(ErrorCode.OVERLOADED);
        assertThat(error.error().code().status()).isEqualTo(503);
        assertThat(error.error().code().retryAfterSeconds()).isPositive();
        assertThat(ErrorCode.WAREHOUSE_UNAVAILABLE.retryAfterSeconds()).isPositive();
    }

    @Test
    void shouldClassifyAClientThatWentAway() {
        ClientGoneException gone = new ClientGoneException(new SQLException("canceling statement due to user request", "57014"));

        assertThat(ErrorMapper.classify(gone)).isEqualTo(ErrorCode.CLIENT_CLOSED_REQUEST);
    }

    @Test
    void a503ShouldLogOneLineAndItsStackTraceOnlyAtDebug() {
        List<LogEvent> events = new CopyOnWriteArrayList<>();
        AbstractAppender appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        appender.start();
        Logger logger = (Logger) LogManager.getLogger(ErrorMapper.class);
        Level level = logger.getLevel();
        logger.addAppender(appender);
        try {
            Configurator.setLevel(logger.getName(), Level.WARN);
            mapper.toError(new SQLTransientConnectionException("serving - Connection is not available"), "GET /api/totals");
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getThrown()).isNull();
                assertThat(event.getMessage().getFormattedMessage())
                        .contains("GET /api/totals", "WAREHOUSE_UNAVAILABLE", "Connection is not available")
                        .doesNotContain("\n");
            });

            events.clear();
            Configurator.setLevel(logger.getName(), Level.DEBUG);
            mapper.toError(new SQLTransientConnectionException("serving - Connection is not available"), "GET /api/totals");
            assertThat(events).hasSize(2);
            assertThat(events.get(0).getThrown()).isNull();
            assertThat(events.get(1).getLevel()).isEqualTo(Level.DEBUG);
            assertThat(events.get(1).getThrown()).isInstanceOf(SQLTransientConnectionException.class);
        } finally {
            logger.removeAppender(appender);
            Configurator.setLevel(logger.getName(), level);
        }
    }
}
