package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Runs a unit of reading in one read-only transaction on a pooled connection, then ends it. Reads pass through a
 * {@link QueryAdmission} first, so no more wait for a connection than it allows.
 */
public final class ReadTransactions {
    private final DataSource pool;
    private final QueryAdmission admission;

    public ReadTransactions(DataSource pool, QueryAdmission admission) {
        this.pool = requireNonNull(pool, "pool is null");
        this.admission = requireNonNull(admission, "admission is null");
    }

    /** Reads from a pool used by one thread at a time (the CLI, the offsets monitor), with no bound of their own. */
    public ReadTransactions(DataSource pool) {
        this(pool, new QueryAdmission(1, Integer.MAX_VALUE - 1, Duration.ofDays(1)));
    }

    /** Work that reads through one connection. */
    @FunctionalInterface
    public interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code read} in a transaction of its own (the pool's connections do not auto-commit). */
    public <T> T read(Read<T> read) throws SQLException {
        return read(read, new StatementCanceller());
    }

    /** Like {@link #read(Read)}; {@code canceller} can stop the read's statements from another thread. */
    public <T> T read(Read<T> read, StatementCanceller canceller) throws SQLException {
        try (QueryAdmission.Permit permit = admission.enter(); Connection connection = pool.getConnection()) {
            try {
                T result = read.apply(canceller.attach(connection));
                canceller.detach();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                canceller.detach();
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }
}
