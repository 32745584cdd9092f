package io.lambdaarch.serving.cli;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.cli.OutputFormat;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.ViewDefinitions;
import io.lambdaarch.serving.api.ApiParameters;
import io.lambdaarch.serving.api.ApiResponses;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.serving.freshness.Freshness;
import io.lambdaarch.serving.freshness.FreshnessReader;
import io.lambdaarch.serving.freshness.FreshnessService;
import io.lambdaarch.serving.freshness.ViewCompleteness;
import io.lambdaarch.serving.kafka.OffsetsState;
import io.lambdaarch.serving.sql.GroupTotals;
import io.lambdaarch.serving.sql.ReadTransactions;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.ServingSchema;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.ServingViews;
import io.lambdaarch.serving.sql.TimeRange;
import io.lambdaarch.serving.sql.WarehousePool;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Prints the groups of a declared view with the most events in an event-time range (the locations of the default
 * view, the languages of lang_day), from its merged view (batch and speed merged), with how many of each group's events
 * each layer counted, the batch cutoff between them, the last speed commit and whether the answer is complete.
 *
 * <p>Usage: {@code ./lambda top [--view NAME] [--from INSTANT] [--to INSTANT] [--limit N] [--format table|csv|json]}.
 * Example: {@code ./lambda top --view lang_day --from 2026-11-26T00:00:00Z --limit 5 --format json}.
 */
@Command(name = "top", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the top groups of a declared view (default: the top locations) by number of events from its"
                + " merged view (serving_view for the default view), the exact merge of the batch and speed views, and says"
                + " how fresh and complete the answer is.")
final class TopCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--view", paramLabel = "NAME",
            description = "Which declared view to rank (see the views file, LAMBDA_VIEWS_FILE; default: the first, view).")
    private String view;

    @Option(names = "--from", paramLabel = "INSTANT",
            description = "Start of the event-time range, inclusive, e.g. 2026-11-26T00:00:00Z (default: no lower bound).")
    private Instant from;

    @Option(names = "--to", paramLabel = "INSTANT",
            description = "End of the event-time range, exclusive, e.g. 2026-11-27T00:00:00Z (default: no upper bound).")
    private Instant to;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + ApiParameters.DEFAULT_LIMIT,
            description = "How many locations to print, 1 to " + ApiParameters.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "How to print the answer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). With csv the"
                    + " freshness line goes to stderr, so stdout holds only the records; json carries it as the API does.")
    private OutputFormat format;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    private final Map<String, String> environment;
    private final Clock clock;

    TopCommand(Map<String, String> environment, Clock clock) {
        this.environment = requireNonNull(environment, "environment is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Integer call() {
        if (limit < 1 || limit > ApiParameters.MAX_LIMIT) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                    "Invalid value %d for option --limit: expected 1 to %d", limit, ApiParameters.MAX_LIMIT));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    String.format("--to (%s) must be after --from (%s)", to, from));
        }
        TimeRange range = new TimeRange(Optional.ofNullable(from), Optional.ofNullable(to));
        ServingConfig config = ServingConfig.from(ConfigSource.load(environment));
        ServingViews views = ServingViews.of(config.warehouse().warehouse(), config.views(), config.warehouseSchema(),
                config.queryTimeout());
        ServingQueries queries = view == null ? views.defaultView() : views.find(view).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), String.format(
                        "Invalid value '%s' for option --view: not a declared view (the views are %s)", view,
                        String.join(", ", views.names()))));
        if (queries.groupColumns().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                    "Invalid value '%s' for option --view: the view has no dimension but time to rank", view));
        }
        if (queries.timeGrain().isEmpty() && (from != null || to != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                    "--from and --to need a view with a time dimension; view %s has none", queries.view().name()));
        }
        ServingSchema.prepare(config.warehouse(), config.views(), config.warehouseSchema());
        ServingViewSql viewSql = new ServingViewSql(config.warehouse().warehouse(), config.views().defaultView(),
                config.warehouseSchema());
        OffsetsState noKafka = OffsetsState.unknown("not measured by the top command");
        FreshnessService freshness = new FreshnessService(new FreshnessReader(viewSql, config.queryTimeout()),
                () -> noKafka, clock, new ViewCompleteness(new ViewDefinitions(viewSql.ledgerTables()),
                        config.views().defaultView()));
        record Answer(List<GroupTotals> top, Freshness freshness) {
        }
        Answer answer;
        try (HikariDataSource pool = WarehousePool.create(config.warehouse(), "top", 1, Optional.empty())) {
            answer = new ReadTransactions(pool).read(
                    c -> {
                        Freshness current = freshness.read(c, queries.view()).freshness();
                        return new Answer(queries.topLocations(c, range, limit), current);
                    });
        } catch (SQLException e) {
            throw new TerseException("Cannot read " + queries.view().servingView() + " at "
                    + config.warehouse().redactedUrl() + ": " + Failures.rootMessage(e), e);
        }
        print(queries, answer.top(), answer.freshness(), range);
        return CommandLines.OK;
    }

    private void print(ServingQueries queries, List<GroupTotals> top, Freshness freshness, TimeRange range) {
        PrintWriter out = spec.commandLine().getOut();
        List<String> headers = new ArrayList<>(List.of("rank"));
        headers.addAll(queries.groupColumns());
        headers.addAll(queries.view().definition().measureColumns());
        // Which layer counted the events: the split of the measure the ranking uses (every measure's is in --format json).
        String count = queries.rankMeasure();
        headers.add("batch_" + count);
        headers.add("speed_" + count);
        int texts = 1 + queries.groupColumns().size();
        List<Boolean> right = new ArrayList<>(List.of(true));
        queries.groupColumns().forEach(g -> right.add(false));
        headers.stream().skip(texts).forEach(m -> right.add(true));
        List<List<String>> rows = new ArrayList<>();
        for (GroupTotals location : top) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(rows.size() + 1)));
            location.group().values().forEach(value -> row.add(String.valueOf(value)));
            location.measures().values().values().forEach(v -> row.add(v.toString()));
            row.add(location.layers().batch().get(count).toString());
            row.add(location.layers().speed().get(count).toString());
            rows.add(row);
        }
        TablePrinter.Table table = new TablePrinter.Table(headers, rows, right, false);
        String freshnessLine = String.format("batch cutoff: %s (%s counts the events ingested before it,"
                        + " %s the rest); last speed commit: %s; complete: %s (%s)",
                orNone(freshness.batchCutoff()), queries.view().batchTable(), queries.view().speedTable(), orNone(freshness.speedLastCommit()),
                freshness.complete() ? "yes" : "NO", freshness.completeReason());
        TablePrinter printer = new TablePrinter(out);
        switch (format) {
            case TABLE -> {
                printer.print(table);
                out.println(freshnessLine);
            }
            case CSV -> {
                printer.print(table, OutputFormat.CSV);
                PrintWriter err = spec.commandLine().getErr();
                err.println(freshnessLine);
                err.flush();
            }
            case JSON -> {
                // The shape of GET /api/top-locations (plus each location's rank): the same names, so one parser
                // reads both.
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("view", queries.view().name());
                body.put("grouped_by", queries.groupColumns());
                body.put("from", range.from().orElse(null));
                body.put("to", range.to().orElse(null));
                body.put("limit", limit);
                body.put("cutoff", freshness.batchCutoff());
                List<Map<String, Object>> locations = new ArrayList<>();
                for (GroupTotals location : top) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("rank", locations.size() + 1);
                    row.putAll(ApiResponses.row(location));
                    locations.add(row);
                }
                body.put("locations", locations);
                body.put("complete", freshness.complete());
                body.put("freshness", freshness);
                printer.printJson(body);
            }
        }
        out.flush();
    }

    private static String orNone(Object value) {
        if (value == null) {
            return "none yet";
        }
        return value.toString();
    }
}
