package io.lambdaarch.serving.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides how a failure is answered: it classifies the exception into an {@link ErrorCode}, logs
 * server-side failures with an incident id, and builds the body the client gets, which never carries SQL or a stack
 * trace.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    // SQLSTATE classes and codes: https://www.postgresql.org/docs/current/errcodes-appendix.html (Redshift uses them too)
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    private static final String QUERY_CANCELED = "57014";
    private static final String ADMIN_SHUTDOWN_CLASS = "57P";

    /** Which code {@code failure} gets: by type, then by SQLSTATE along the cause chain. */
    public static ErrorCode classify(Throwable failure) {
        if (failure instanceof BadParameterException) {
            return ErrorCode.BAD_PARAMETER;
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof SQLTimeoutException) {
                return ErrorCode.QUERY_TIMEOUT;
            }
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return ErrorCode.WAREHOUSE_UNAVAILABLE;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals(QUERY_CANCELED)) {
                    return ErrorCode.QUERY_TIMEOUT;
                }
                if (state.startsWith(CONNECTION_EXCEPTION_CLASS) || state.startsWith(ADMIN_SHUTDOWN_CLASS)) {
                    return ErrorCode.WAREHOUSE_UNAVAILABLE;
                }
            }
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof SQLException) {
                return ErrorCode.WAREHOUSE_ERROR;
            }
        }
        return ErrorCode.INTERNAL;
    }

    /** The response body for {@code failure}; server-side failures are logged here with the incident id. */
    public ApiError toError(Throwable failure, String requestDescription) {
        ErrorCode code = classify(failure);
        if (failure instanceof BadParameterException bad) {
            return new ApiError(new ApiError.Body(code, bad.getMessage(), bad.parameter(), null));
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("{} failed with {} (incident {})", requestDescription, code, incident, failure);
        return new ApiError(new ApiError.Body(code, code.clientMessage(), null, incident));
    }

    /** The body of a 404. */
    public ApiError notFound() {
        return new ApiError(new ApiError.Body(ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND.clientMessage(), null, null));
    }

    private static Throwable next(Throwable cause) {
        if (cause.getCause() != null && cause.getCause() != cause) {
            return cause.getCause();
        }
        if (cause instanceof SQLException sql) {
            return sql.getNextException();
        }
        return null;
    }
}
