package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.TweetView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaInstallerTest {
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+) \\(");

    static Stream<Arguments> scripts() {
        return Stream.of(
                arguments("one statement", "CREATE TABLE a (x INT);", List.of("CREATE TABLE a (x INT)")),
                arguments("several statements over several lines",
                        "CREATE TABLE a (\n    x INT\n);\nCREATE TABLE b (y INT);\n",
                        List.of("CREATE TABLE a (\n    x INT\n)", "CREATE TABLE b (y INT)")),
                arguments("comment lines and blank lines dropped",
                        "-- header\n\n  -- indented comment\nCREATE TABLE a (\n-- inside\n    x INT\n);\n\n",
                        List.of("CREATE TABLE a (\n    x INT\n)")),
                arguments("semicolon with trailing spaces", "CREATE TABLE a (x INT);   \nCREATE TABLE b (y INT)  ;",
                        List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)")),
                arguments("semicolon inside a line does not split", "INSERT INTO a VALUES ('x;y');",
                        List.of("INSERT INTO a VALUES ('x;y')")),
                arguments("last statement without semicolon", "CREATE TABLE a (x INT);\nCREATE TABLE b (y INT)",
                        List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)")),
                arguments("Windows line endings", "CREATE TABLE a (x INT);\r\nCREATE TABLE b (y INT);\r\n",
                        List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)")),
                arguments("only comments", "-- nothing\n-- here\n", List.of()),
                arguments("empty", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void shouldSplitScriptIntoStatements(String description, String script, List<String> expected) {
        assertThat(SchemaInstaller.statements(script)).isEqualTo(expected);
    }

    static Stream<Arguments> schemaStatements() {
        return Stream.of(
                arguments(WarehouseKind.POSTGRES, List.of(
                        "CREATE TABLE IF NOT EXISTS raw_batch (",
                        "CREATE INDEX IF NOT EXISTS raw_batch_event_id ON raw_batch (event_id, ingest_time)",
                        "CREATE TABLE IF NOT EXISTS first_copies (",
                        "CREATE INDEX IF NOT EXISTS first_copies_ingest_time ON first_copies (ingest_time)",
                        "CREATE TABLE IF NOT EXISTS batch_view (",
                        "CREATE TABLE IF NOT EXISTS batch_view_day (",
                        "CREATE TABLE IF NOT EXISTS speed_view (",
                        "CREATE TABLE IF NOT EXISTS landing_offsets (",
                        "CREATE TABLE IF NOT EXISTS landing_runs (",
                        "CREATE TABLE IF NOT EXISTS view_definitions (",
                        "CREATE TABLE IF NOT EXISTS batch_runs (",
                        "CREATE TABLE IF NOT EXISTS speed_commits (",
                        "CREATE TABLE IF NOT EXISTS speed_lease (",
                        "CREATE TABLE IF NOT EXISTS speed_late_rows (",
                        "CREATE TABLE IF NOT EXISTS speed_view_starts (",
                        "CREATE TABLE IF NOT EXISTS speed_view_incoming (")),
                arguments(WarehouseKind.REDSHIFT, List.of(
                        "CREATE TABLE IF NOT EXISTS raw_batch (",
                        "CREATE TABLE IF NOT EXISTS first_copies (",
                        "CREATE TABLE IF NOT EXISTS batch_view (",
                        "CREATE TABLE IF NOT EXISTS batch_view_day (",
                        "CREATE TABLE IF NOT EXISTS speed_view (",
                        "CREATE TABLE IF NOT EXISTS landing_offsets (",
                        "CREATE TABLE IF NOT EXISTS landing_runs (",
                        "CREATE TABLE IF NOT EXISTS view_definitions (",
                        "CREATE TABLE IF NOT EXISTS batch_runs (",
                        "CREATE TABLE IF NOT EXISTS speed_commits (",
                        "CREATE TABLE IF NOT EXISTS batch_lock (",
                        "CREATE TABLE IF NOT EXISTS speed_lease (",
                        "CREATE TABLE IF NOT EXISTS speed_late_rows (",
                        "CREATE TABLE IF NOT EXISTS speed_view_starts (",
                        "CREATE TABLE IF NOT EXISTS speed_view_incoming (")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaStatements")
    void shouldSplitSchemaResourceIntoIdempotentCreateStatements(WarehouseKind kind, List<String> firstLines) {
        List<String> statements = schemaStatements(kind);

        assertThat(statements)
                .extracting(statement -> statement.lines().findFirst().orElseThrow())
                .containsExactlyElementsOf(firstLines);
        assertThat(statements).noneMatch(s -> s.contains(";"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WarehouseKind.class)
    void shouldCreateEveryTableButTheServingView(WarehouseKind kind) {
        Set<String> expected = tableNames().stream()
                .filter(table -> !table.equals(Tables.SERVING_VIEW))
                .filter(table -> kind == WarehouseKind.REDSHIFT || !table.equals(Tables.BATCH_LOCK))
                .collect(Collectors.toSet());

        assertThat(columnsByTable(kind).keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldDeclareTheSameColumnsInBothWarehouses() {
        Map<String, List<String>> postgres = columnsByTable(WarehouseKind.POSTGRES);
        Map<String, List<String>> redshift = columnsByTable(WarehouseKind.REDSHIFT);

        // DECIMAL and NUMERIC name the same type in both warehouses; each file uses the name its warehouse documents.
        postgres.forEach((table, columns) -> assertThat(redshift.get(table)).as(table)
                .isEqualTo(columns.stream().map(c -> c.replace("NUMERIC(", "DECIMAL(")).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WarehouseKind.class)
    void shouldLayOutViewTablesAsTheViewDefinition(WarehouseKind kind) {
        Map<String, List<String>> columns = columnsByTable(kind);
        List<String> speedViewColumns = new ArrayList<>(List.of(TweetView.INGEST_BUCKET));
        speedViewColumns.addAll(TweetView.DEFINITION.allColumns());

        assertThat(names(columns.get(Tables.BATCH_VIEW))).isEqualTo(TweetView.DEFINITION.allColumns());
        assertThat(names(columns.get(Tables.SPEED_VIEW))).isEqualTo(speedViewColumns);
        assertThat(names(columns.get(Tables.BATCH_VIEW_DAY))).isEqualTo(TweetView.DAY_ROLLUP.allColumns());
        // Same types as batch_view, the day in place of the hour.
        assertThat(columns.get(Tables.BATCH_VIEW_DAY).stream().map(c -> c.replace(TweetView.EVENT_DAY, TweetView.EVENT_HOUR)))
                .containsExactlyElementsOf(columns.get(Tables.BATCH_VIEW));
        assertThat(names(columns.get(Tables.RAW_BATCH)))
                .containsAll(TweetView.DEFINITION.sourceColumns())
                .contains(TweetView.EVENT_ID, TweetView.INGEST_TIME);
    }

    @Test
    void shouldRunEveryStatementAndCreateTheMissingServingViewInOneTransaction() throws SQLException {
        FakeConnection fake = new FakeConnection(-1, false);

        ViewCatalog defaultOnly = new ViewCatalog(List.of(ViewCatalog.shipped().defaultView()));

        new SchemaInstaller(new PostgresWarehouse(), defaultOnly).install(fake.connection());

        assertThat(fake.events).containsExactlyElementsOf(Stream.of(
                        // The index exists, so whether raw_batch does is not asked.
                        Stream.of("setAutoCommit false", "executeQuery " + tableExists("first_copies")),
                        schemaStatements(WarehouseKind.POSTGRES).stream().map(sql -> "execute " + sql),
                        defaultOnly.views().stream()
                                .flatMap(v -> Stream.concat(new ViewTablesDdl(new PostgresWarehouse()).createBatchTables(v).stream(),
                                        new SpeedTableDdl(new PostgresWarehouse()).createStatements(v).stream()))
                                .map(sql -> "execute " + sql),
                        Stream.of("executeQuery " + MeasureColumnsUpgrade.of().narrowTablesQuery(),
                                "executeQuery SELECT COUNT(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON"
                                        + " c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE"
                                        + " n.nspname = current_schema() AND c.relname = 'batch_runs' AND a.attname = 'mode'",
                                langColumnQuery("raw_batch"), langColumnQuery("first_copies"),
                                "executeQuery " + new ViewRollups(new PostgresWarehouse()).missingRowsQuery(),
                                "executeQuery " + tableExists("batch_view"),
                                "executeQuery " + tableExists("speed_view"),
                                "executeQuery " + SchemaInstaller.servingViewPresence(Tables.SERVING_VIEW),
                                "execute " + ServingViewDdl.of(new PostgresWarehouse(), "lambda").createViewStatement(),
                                // The statement is closed before the commit, as before the rollback below.
                                "close statement", "commit", "setAutoCommit true"))
                .flatMap(s -> s).toList());
    }

    private static String langColumnQuery(String table) {
        return "executeQuery SELECT COUNT(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                + " AND c.relname = '" + table + "' AND a.attname = 'lang'";
    }

    @Test
    void shouldStopBeforeAnyStatementOnAPostgreSqlOlderThanMerge() {
        FakeConnection fake = new FakeConnection(-1, false).server(14, "14.13");

        assertThatExceptionOfType(TerseException.class)
                .isThrownBy(() -> new SchemaInstaller(new PostgresWarehouse()).install(fake.connection()))
                .withMessage("the warehouse runs PostgreSQL 14.13, and lambda-arch needs PostgreSQL 15 or later (its"
                        + " first-copy index is kept with MERGE)");
        assertThat(fake.events).isEmpty();
    }

    @Test
    void shouldInstallOnPostgreSql15() throws SQLException {
        FakeConnection fake = new FakeConnection(-1, false).server(15, "15.0");

        new SchemaInstaller(new PostgresWarehouse()).install(fake.connection());

        assertThat(fake.events).contains("commit");
    }

    @Test
    void shouldAcceptRedshiftWhoseDriverReportsMajorVersion8() throws SQLException {
        FakeConnection fake = new FakeConnection(-1, false).server(8, "8.0.2");

        new SchemaInstaller(new RedshiftWarehouse()).install(fake.connection());

        assertThat(fake.events).contains("commit");
    }

    @Test
    void shouldQualifyRedshiftsViewWithTheSchemaTheTablesLandIn() throws SQLException {
        FakeConnection fake = new FakeConnection(-1, false);

        new SchemaInstaller(new RedshiftWarehouse()).install(fake.connection());

        assertThat(fake.events).contains("execute " + ServingViewDdl.of(new RedshiftWarehouse(), "lambda").createViewStatement())
                .anySatisfy(event -> assertThat(event).startsWith("execute CREATE OR REPLACE VIEW lambda.serving_view AS"));
    }

    @Test
    void shouldCreateTheMergedViewOfEveryDeclaredViewOnRedshift() throws SQLException {
        FakeConnection fake = new FakeConnection(-1, false);
        ViewCatalog views = ViewCatalog.shipped();
        NamedView langDay = views.find("lang_day").orElseThrow();

        new SchemaInstaller(new RedshiftWarehouse(), views).install(fake.connection());

        assertThat(fake.events)
                .contains("executeQuery " + SchemaInstaller.servingViewPresence("serving_lang_day"))
                .contains("execute " + new ServingViewDdl(new RedshiftWarehouse(), langDay, "lambda").createViewStatement());
        String created = fake.events.stream().filter(e -> e.startsWith("execute CREATE OR REPLACE VIEW lambda.serving_lang_day"))
                .findFirst().orElseThrow();
        // Late binding, every table qualified with the schema, the view's own tables and dimensions.
        assertThat(created).contains("SELECT event_day, lang, tweet_count, retweets_sum FROM lambda.batch_lang_day")
                .contains("FROM lambda.speed_lang_day\n    WHERE NOT EXISTS (SELECT 1 FROM lambda.batch_runs")
                .contains("CAST(SUM(retweets_sum) AS DECIMAL(38, 0)) AS retweets_sum")
                .contains(") merged GROUP BY 1, 2")
                .doesNotContain("batch_view", "speed_view", "followers_sum")
                .endsWith("\nWITH NO SCHEMA BINDING");
    }

    @Test
    void shouldLeaveAnExistingServingViewAlone() throws SQLException {
        FakeConnection fake = new FakeConnection(-1, true);

        new SchemaInstaller(new PostgresWarehouse()).install(fake.connection());

        assertThat(fake.events).contains("executeQuery " + SchemaInstaller.servingViewPresence(Tables.SERVING_VIEW), "commit")
                .noneMatch(event -> event.contains("VIEW"));
    }

    @Test
    void shouldRollBackAndRethrowWhenStatementFails() {
        FakeConnection fake = new FakeConnection(2, false);

        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> new SchemaInstaller(new RedshiftWarehouse()).install(fake.connection()))
                .withMessage("statement 2 failed");
        List<String> statements = schemaStatements(WarehouseKind.REDSHIFT);
        assertThat(fake.events).containsExactly(
                "setAutoCommit false",
                "executeQuery " + tableExists("first_copies"),
                "execute " + statements.get(0),
                "execute " + statements.get(1),
                "execute " + statements.get(2),
                "close statement",
                "rollback",
                "setAutoCommit true");
    }

    private static String tableExists(String table) {
        return "SELECT COUNT(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE"
                + " n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = '" + table + "'";
    }

    private static List<String> schemaStatements(WarehouseKind kind) {
        return Warehouse.of(kind).schemaScripts().stream()
                .flatMap(script -> SchemaInstaller.statements(resource(script)).stream())
                .toList();
    }

    /** Column definitions (whitespace collapsed, without the trailing comma) of every CREATE TABLE, by table. */
    private static Map<String, List<String>> columnsByTable(WarehouseKind kind) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String statement : schemaStatements(kind)) {
            Matcher create = CREATE_TABLE.matcher(statement);
            if (create.lookingAt()) {
                tables.put(create.group(1), statement.lines().skip(1)
                        .map(line -> line.strip().replaceAll("\\s+", " ").replaceAll(",$", ""))
                        .takeWhile(line -> !line.startsWith(")"))
                        .toList());
            }
        }
        return tables;
    }

    private static List<String> names(List<String> columnDefinitions) {
        return columnDefinitions.stream()
                .filter(definition -> !definition.startsWith("PRIMARY KEY"))
                .map(definition -> definition.substring(0, definition.indexOf(' ')))
                .toList();
    }

    private static List<String> tableNames() {
        Stream<String> tables = Arrays.stream(Tables.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(SchemaInstallerTest::constantValue);
        return Stream.concat(tables, LedgerTables.plainNames().stream()).toList();
    }

    private static String constantValue(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = SchemaInstallerTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("classpath resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A connection that records what is done to it; statement number {@code failAt} (from 0) fails, if not -1. Its
     * current schema is {@code lambda}, which has serving_view if {@code servingViewExists}.
     */
    private static final class FakeConnection {
        private final List<String> events = new ArrayList<>();
        private final int failAt;
        private final boolean servingViewExists;
        private boolean autoCommit = true;
        private int serverMajorVersion = 17;
        private String serverVersion = "17.6";

        FakeConnection(int failAt, boolean servingViewExists) {
            this.failAt = failAt;
            this.servingViewExists = servingViewExists;
        }

        /** The server reports {@code version}, of major version {@code major}. */
        FakeConnection server(int major, String version) {
            serverMajorVersion = major;
            serverVersion = version;
            return this;
        }

        Connection connection() {
            return proxy(Connection.class, (method, args) -> switch (method) {
                case "getAutoCommit" -> autoCommit;
                case "setAutoCommit" -> {
                    autoCommit = (Boolean) args[0];
                    events.add("setAutoCommit " + autoCommit);
                    yield null;
                }
                case "createStatement" -> statement();
                case "getMetaData" -> proxy(DatabaseMetaData.class, (metaMethod, metaArgs) -> switch (metaMethod) {
                    case "getDatabaseMajorVersion" -> serverMajorVersion;
                    case "getDatabaseProductVersion" -> serverVersion;
                    default -> throw new UnsupportedOperationException(metaMethod);
                });
                case "commit", "rollback" -> {
                    events.add(method);
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method);
            });
        }

        private Statement statement() {
            return proxy(Statement.class, (method, args) -> switch (method) {
                case "execute" -> {
                    events.add("execute " + args[0]);
                    if (events.stream().filter(e -> e.startsWith("execute ")).count() == failAt + 1) {
                        throw new SQLException("statement " + failAt + " failed");
                    }
                    yield false;
                }
                // No table needs an upgrade: the measure-column check finds no BIGINT column, the day grain no row to
                // derive, and each catalog count is 1 (the tables and batch_runs' mode column are there).
                case "executeQuery" -> {
                    events.add("executeQuery " + args[0]);
                    boolean presence = String.valueOf(args[0]).startsWith("SELECT current_schema() AS schema_name");
                    // The catalog counts (the index table, batch_runs' mode column) answer one row of 1.
                    boolean[] counted = {!String.valueOf(args[0]).startsWith("SELECT COUNT")};
                    yield proxy(ResultSet.class, (resultMethod, resultArgs) -> switch (resultMethod) {
                        case "next" -> {
                            if (presence) {
                                yield true;
                            }
                            boolean row = !counted[0];
                            counted[0] = true;
                            yield row;
                        }
                        case "getString" -> "lambda";
                        case "getLong" -> {
                            if (presence && !servingViewExists) {
                                yield 0L;
                            }
                            yield 1L;
                        }
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(resultMethod);
                    });
                }
                case "close" -> {
                    events.add("close statement");
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method);
            });
        }

        private interface Handler {
            Object handle(String method, Object[] args) throws SQLException;
        }

        private static <T> T proxy(Class<T> type, Handler handler) {
            return type.cast(Proxy.newProxyInstance(SchemaInstallerTest.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> handler.handle(method.getName(), args)));
        }
    }
}
