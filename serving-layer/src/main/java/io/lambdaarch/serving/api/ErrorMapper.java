package io.lambdaarch.serving.api;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.serving.sql.WarehouseBusyException;
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
 * trace. An expected condition (busy, unreachable, too slow, client gone) logs one line; its stack trace is at debug.
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
        if (failure instanceof RequestRejectedException rejected) {
            return rejected.code();
        }
        if (failure instanceof ClientGoneException) {
            return ErrorCode.CLIENT_CLOSED_REQUEST;
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof WarehouseBusyException) {
                return ErrorCode.OVERLOADED;
            }
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
        if (failure instanceof RequestRejectedException rejected) {
            return new ApiError(new ApiError.Body(code, rejected.getMessage(), null, null));
        }
        String incident = UUID.randomUUID().toString();
        switch (code) {
            case CLIENT_CLOSED_REQUEST -> {
                LOG.info("{}: the client closed the connection; its query was cancelled (incident {})",
                        requestDescription, incident);
                LOG.debug("Incident {}", incident, failure);
            }
            case OVERLOADED, WAREHOUSE_UNAVAILABLE, QUERY_TIMEOUT -> {
                LOG.warn("{} failed with {} (incident {}): {}", requestDescription, code, incident,
                        Failures.rootMessage(failure));
                LOG.debug("Incident {}", incident, failure);
            }
            case BAD_PARAMETER, BAD_REQUEST, HOST_NOT_ALLOWED, NOT_FOUND, METHOD_NOT_ALLOWED, URI_TOO_LONG,
                    HEADERS_TOO_LARGE, NOT_IMPLEMENTED, WAREHOUSE_ERROR, INTERNAL ->
                    LOG.error("{} failed with {} (incident {})", requestDescription, code, incident, failure);
        }
        return new ApiError(new ApiError.Body(code, code.clientMessage(), null, incident));
    }

    /** The body of a 404. */
    public ApiError notFound() {
        return new ApiError(new ApiError.Body(ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND.clientMessage(), null, null));
    }

    /** The body of an error Jetty answers itself (a malformed request, headers too large), by its status. */
    public ApiError protocolError(int status) {
        ErrorCode code = ErrorCode.forStatus(status);
        return new ApiError(new ApiError.Body(code, code.clientMessage(), null, null));
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
