package io.lambdaarch.serving.cli;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.cli.OutputFormat;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.WarehouseConnector;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Runs one SQL statement on the warehouse and prints the result as an aligned table, CSV or JSON. Read-only unless
 * {@code --allow-writes}.
 *
 * <p>Usage: {@code ./lambda query [--max-rows N] [--format table|csv|json] [--allow-writes] "SQL"}. Example:
 * {@code ./lambda query --format csv "SELECT location, SUM(tweet_count) FROM serving_view GROUP BY 1 ORDER BY 2 DESC LIMIT 5"}.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs one SQL statement on the warehouse (LAMBDA_WAREHOUSE_URL) and prints the result as an aligned"
                + " table, CSV or JSON. The session is read-only unless --allow-writes is given.")
final class QueryCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SQL", description = "The SQL statement, e.g. \"SELECT * FROM serving_view LIMIT 10\".")
    private String sql;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
            description = "Print at most this many rows (default: ${DEFAULT-VALUE}).")
    private int maxRows;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "How to print the result: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--allow-writes", description = "Run in a read-write session, so INSERT, UPDATE, DELETE and DDL work.")
    private boolean allowWrites;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    private final Map<String, String> environment;

    QueryCommand(Map<String, String> environment) {
        this.environment = requireNonNull(environment, "environment is null");
    }

    @Override
    public Integer call() {
        if (maxRows < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    String.format("Invalid value %d for option --max-rows: expected at least 1", maxRows));
        }
        ConfigReader reader = new ConfigReader(ConfigSource.load(environment));
        WarehouseSettings settings = WarehouseSettings.from(reader);
        reader.validate();
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = new WarehouseConnector(settings).openOrExplain()) {
            // In a transaction: drivers make only transactions read-only (pgjdbc ignores it in auto-commit mode).
            connection.setAutoCommit(false);
            connection.setReadOnly(!allowWrites);
            try (Statement statement = connection.createStatement()) {
                // one more than printed, to know whether the result was cut
                statement.setMaxRows(maxRows + 1);
                if (statement.execute(sql)) {
                    try (ResultSet rs = statement.getResultSet()) {
                        new TablePrinter(out).print(TablePrinter.read(rs, maxRows), format);
                    }
                } else {
                    printUpdateCount(out, statement.getUpdateCount());
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new TerseException("Query failed: " + Failures.rootMessage(e), e);
        }
        return CommandLines.OK;
    }

    private void printUpdateCount(PrintWriter out, int count) {
        switch (format) {
            case TABLE -> out.printf("OK, %d %s affected%n", count, count == 1 ? "row" : "rows");
            case CSV -> out.printf("affected_rows%n%d%n", count);
            case JSON -> new TablePrinter(out).printJson(Map.of("affected_rows", count));
        }
        out.flush();
    }
}
