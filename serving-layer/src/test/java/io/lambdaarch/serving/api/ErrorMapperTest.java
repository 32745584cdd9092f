package io.lambdaarch.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
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
    void shouldGiveEveryCodeADistinctErrorStatus() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.status()).isBetween(400, 599);
            assertThat(code.clientMessage()).isNotBlank();
        }
        assertThat(ErrorCode.values()).extracting(ErrorCode::status).doesNotHaveDuplicates();
    }
}
