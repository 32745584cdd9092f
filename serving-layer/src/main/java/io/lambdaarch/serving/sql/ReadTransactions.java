package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs a unit of reading in one read-only transaction on a pooled connection, then ends it. */
public final class ReadTransactions {
    private final DataSource pool;

    public ReadTransactions(DataSource pool) {
        this.pool = requireNonNull(pool, "pool is null");
    }

    /** Work that reads through one connection. */
    @FunctionalInterface
    public interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code read} in a transaction of its own (the pool's connections do not auto-commit). */
    public <T> T read(Read<T> read) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = read.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
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
