package io.lambdaarch.batch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A warehouse as the release before wide sums made it (BIGINT measures), from its DDL kept as a fixture under
 * {@code src/test/resources/schema-before-wide-sums/}: the starting point of the upgrade tests.
 */
public final class ReleaseBeforeWideSums {
    private ReleaseBeforeWideSums() {
    }

    /**
     * Creates PostgreSQL schema {@code schema} with that release's tables and serving_view, and points {@code connection}'s
     * search path at it, so unqualified names (and {@code current_schema()}) mean the old tables from then on.
     */
    public static void create(Connection connection, String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path TO " + schema);
            for (String script : List.of("schema.sql", "serving_view.sql")) {
                for (String sql : statements(read("schema-before-wide-sums/" + script))) {
                    statement.execute(sql);
                }
            }
        }
    }

    private static List<String> statements(String script) {
        StringBuilder kept = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> kept.append(line).append('\n'));
        List<String> statements = new ArrayList<>();
        for (String sql : kept.toString().split(";\\s*\\n")) {
            if (!sql.isBlank()) {
                statements.add(sql.strip());
            }
        }
        return statements;
    }

    private static String read(String resource) {
        try (InputStream in = ReleaseBeforeWideSums.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
