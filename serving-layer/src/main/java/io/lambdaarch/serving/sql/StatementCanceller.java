package io.lambdaarch.serving.sql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets another thread cancel the statements of one read, for example when the client that asked for it has gone.
 * {@link ReadTransactions} hands the read a connection that registers every statement made through it here; once the
 * read is over, {@link #cancel} touches nothing, since the connection is back in the pool and may serve another read.
 */
public final class StatementCanceller {
    private static final Logger LOG = LoggerFactory.getLogger(StatementCanceller.class);
    // SQLSTATE query_canceled: https://www.postgresql.org/docs/current/errcodes-appendix.html
    static final String QUERY_CANCELED = "57014";
    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement", "prepareCall");

    private final List<Statement> statements = new ArrayList<>();
    private boolean cancelled;
    private boolean attached;

    /** Cancels the statements running now and refuses new ones; safe to call from any thread, any number of times. */
    public synchronized void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (!attached) {
            return;
        }
        for (Statement statement : statements) {
            try {
                // JDBC's cancel: the driver asks the warehouse to stop the statement (PostgreSQL: a CancelRequest).
                statement.cancel();
            } catch (SQLException e) {
                LOG.debug("Could not cancel a statement", e);
            }
        }
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }

    /** {@code connection}, with every statement made through it registered here until {@link #detach}. */
    synchronized Connection attach(Connection connection) {
        attached = true;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (!STATEMENT_FACTORIES.contains(method.getName())) {
                        return invoke(connection, method, args);
                    }
                    synchronized (this) {
                        if (cancelled) {
                            throw new SQLException("the read was cancelled before this statement", QUERY_CANCELED);
                        }
                        Statement statement = (Statement) invoke(connection, method, args);
                        statements.add(statement);
                        return statement;
                    }
                });
    }

    synchronized void detach() {
        attached = false;
        statements.clear();
    }

    private static Object invoke(Connection connection, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
