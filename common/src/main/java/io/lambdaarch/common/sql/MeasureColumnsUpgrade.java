package io.lambdaarch.common.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Widens, in place, the measure columns of batch_view and speed_view that a release before exact sums created as
 * BIGINT (sums of valid counts pass 2^63 after three events). Run by {@link SchemaInstaller} inside its transaction,
 * so a warehouse is either upgraded whole or not at all, and the rows survive.
 *
 * <ul>
 *   <li>PostgreSQL: {@code ALTER COLUMN ... TYPE NUMERIC(38, 0)}. serving_view reads these columns and PostgreSQL will
 *       not change a column a view uses, so the view is dropped first and created again from {@code serving_view.sql},
 *       with the privileges others had on it granted again (a read-only serving user keeps reading it).
 *   <li>Redshift cannot change a BIGINT column's type: each table is rebuilt under a new name from schema.sql's
 *       definition (which keeps its DISTSTYLE and SORTKEY), filled from the old one, and swapped in, as the recompute
 *       swaps batch_view. serving_view is late-binding there, so the swap does not break it, but its sums are cast to
 *       BIGINT: when it exists in the tables' schema it is dropped and created again from {@code serving_view.sql}.
 * </ul>
 */
final class MeasureColumnsUpgrade {
    static final List<String> TABLES = List.of(Tables.BATCH_VIEW, Tables.SPEED_VIEW);
    /** Suffix of the table a Redshift rebuild fills before it takes the old table's name. */
    static final String REBUILD_SUFFIX = "_wide";

    private final SqlDialect dialect;
    private final ViewDefinition view;

    MeasureColumnsUpgrade(SqlDialect dialect, ViewDefinition view) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.view = requireNonNull(view, "view is null");
    }

    /** For the tweet view. */
    static MeasureColumnsUpgrade of(SqlDialect dialect) {
        return new MeasureColumnsUpgrade(dialect, TweetView.DEFINITION);
    }

    /** One row ({@code table_name}) per table of {@link #TABLES} in the current schema with a BIGINT measure column. */
    String narrowTablesQuery() {
        return "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name IN (" + quoted(TABLES) + ") AND column_name IN (" + quoted(view.measureColumns()) + ")"
                + " AND data_type = 'bigint' ORDER BY table_name";
    }

    /** PostgreSQL: one row ({@code grantee}, {@code privilege_type}) per privilege another role has on serving_view. */
    String servingViewGrantsQuery() {
        return "SELECT grantee, privilege_type FROM information_schema.role_table_grants WHERE table_schema = current_schema()"
                + " AND table_name = '" + Tables.SERVING_VIEW + "' AND grantee <> current_user ORDER BY grantee, privilege_type";
    }

    /** A privilege on serving_view to give back after the view is created again. */
    record Grant(String grantee, String privilege) {
        String statement() {
            String role = grantee.equals("PUBLIC") ? "PUBLIC" : "\"" + grantee.replace("\"", "\"\"") + "\"";
            return "GRANT " + privilege + " ON " + Tables.SERVING_VIEW + " TO " + role;
        }
    }

    /**
     * The statements that widen {@code narrowTables}, in order; none when the list is empty.
     *
     * @param schemaStatements the statements of this warehouse's schema.sql (Redshift rebuilds from its CREATE TABLE)
     * @param servingView the statements that create serving_view again after the change (on Redshift, empty when it does
     *     not exist in the tables' schema)
     * @param servingViewGrants the privileges others have on serving_view ({@link #servingViewGrantsQuery()})
     */
    List<String> statements(List<String> narrowTables, List<String> schemaStatements, List<String> servingView,
            List<Grant> servingViewGrants) {
        if (narrowTables.isEmpty()) {
            return List.of();
        }
        List<String> statements = new ArrayList<>();
        switch (dialect.kind()) {
            case POSTGRES -> {
                statements.add("DROP VIEW IF EXISTS " + Tables.SERVING_VIEW);
                for (String table : narrowTables) {
                    statements.add("ALTER TABLE " + table + " " + view.measureColumns().stream()
                            .map(c -> "ALTER COLUMN " + c + " TYPE " + dialect.measureType())
                            .collect(Collectors.joining(", ")));
                }
                statements.addAll(servingView);
                servingViewGrants.forEach(grant -> statements.add(grant.statement()));
            }
            case REDSHIFT -> {
                for (String table : narrowTables) {
                    String wide = table + REBUILD_SUFFIX;
                    String columns = String.join(", ", columns(table));
                    statements.add("DROP TABLE IF EXISTS " + wide);
                    statements.add(createStatement(schemaStatements, table).replaceFirst(
                            "^CREATE TABLE IF NOT EXISTS " + table + " \\(", "CREATE TABLE " + wide + " ("));
                    statements.add("INSERT INTO " + wide + " (" + columns + ") SELECT " + columns + " FROM " + table);
                    statements.add("DROP TABLE " + table);
                    statements.add("ALTER TABLE " + wide + " RENAME TO " + table);
                }
                if (!servingView.isEmpty()) {
                    statements.add("DROP VIEW IF EXISTS " + Tables.SERVING_VIEW);
                    statements.addAll(servingView);
                }
            }
        }
        return List.copyOf(statements);
    }

    private List<String> columns(String table) {
        List<String> columns = new ArrayList<>();
        if (table.equals(Tables.SPEED_VIEW)) {
            columns.add(TweetView.INGEST_BUCKET);
        }
        columns.addAll(view.allColumns());
        return columns;
    }

    private static String createStatement(List<String> schemaStatements, String table) {
        String prefix = "CREATE TABLE IF NOT EXISTS " + table + " (";
        return schemaStatements.stream()
                .filter(sql -> sql.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("schema.sql has no " + prefix + "...)"));
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
