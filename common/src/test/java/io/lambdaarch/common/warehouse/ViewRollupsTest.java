package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.TweetView;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements a refresh runs on each warehouse, recorded by a fake connection (ViewRollupsIT runs them). */
class ViewRollupsTest {
    private static final String COLUMNS = "event_day, location, tweet_count, followers_sum, favorites_sum, retweets_sum";

    private static String rollup(Warehouse warehouse, String filter) {
        return warehouse.rollupQuery(TweetView.DAY_ROLLUP, "batch_view", filter);
    }

    @Test
    void aFullRefreshOnRedshiftShouldRewriteInOneTransactionWithoutARenameUnderReaders() throws Exception {
        Recorder recorder = new Recorder();
        Warehouse redshift = new RedshiftWarehouse();

        new ViewRollups(redshift).refresh(recorder.connection(), TouchedDays.all());

        // Like batch_view: DELETE + INSERT in the caller's transaction; a RENAME would break readers' prepared plans.
        assertThat(recorder.statements).containsExactly("DELETE FROM batch_view_day",
                "INSERT INTO batch_view_day (" + COLUMNS + ") " + rollup(redshift, null));
    }

    @Test
    void aFullRefreshOnPostgresShouldRewriteInPlace() throws Exception {
        Recorder recorder = new Recorder();
        Warehouse postgres = new PostgresWarehouse();

        new ViewRollups(postgres).refresh(recorder.connection(), TouchedDays.all());

        assertThat(recorder.statements).containsExactly("DELETE FROM batch_view_day",
                "INSERT INTO batch_view_day (" + COLUMNS + ") " + rollup(postgres, null));
    }

    @Test
    void touchedDaysShouldBeDeletedAndDerivedAgainByRangeWithBoundTimestamps() throws Exception {
        Recorder recorder = new Recorder();
        Warehouse redshift = new RedshiftWarehouse();
        TouchedDays touched = TouchedDays.of(List.of(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-05")));

        new ViewRollups(redshift).refresh(recorder.connection(), touched);

        String days = "((event_day >= ? AND event_day < ?) OR (event_day >= ? AND event_day < ?))";
        String hours = "((event_hour >= ? AND event_hour < ?) OR (event_hour >= ? AND event_hour < ?))";
        assertThat(recorder.statements).containsExactly(
                "DELETE FROM batch_view_day WHERE " + days,
                "INSERT INTO batch_view_day (" + COLUMNS + ") " + rollup(redshift, hours));
        List<String> bounds = List.of("2026-11-30T00:00", "2026-12-02T00:00", "2026-12-05T00:00", "2026-12-06T00:00");
        assertThat(recorder.parameters).containsExactly(bounds, bounds);
    }

    @Test
    void manyScatteredDaysShouldTakeAFewStatements() throws Exception {
        Recorder recorder = new Recorder();
        List<LocalDate> everyOtherDay = new ArrayList<>();
        for (int i = 0; i < 2 * (ViewRollups.RANGES_PER_STATEMENT + 10); i += 2) {
            everyOtherDay.add(LocalDate.parse("2026-01-01").plusDays(i));
        }

        new ViewRollups(new PostgresWarehouse()).refresh(recorder.connection(), TouchedDays.of(everyOtherDay));

        assertThat(recorder.statements).hasSize(4);
        assertThat(recorder.parameters.get(0)).hasSize(2 * ViewRollups.RANGES_PER_STATEMENT);
        assertThat(recorder.parameters.get(2)).hasSize(2 * 10);
    }

    @Test
    void aDeltaShouldBeAddedSummedByDayReadingTheDeltaAloneOnEitherWarehouse() {
        for (Warehouse warehouse : List.of(new PostgresWarehouse(), new RedshiftWarehouse())) {
            List<String> statements = new ViewRollups(warehouse).addDeltaStatements("batch_view_delta", "batch_view_day_delta");

            assertThat(statements).as(warehouse.displayName()).isEqualTo(warehouse.addQueryRows("batch_view_day",
                    warehouse.rollupQuery(TweetView.DAY_ROLLUP, "batch_view_delta", null), "batch_view_day_delta",
                    List.of("event_day", "location"), List.of("tweet_count", "followers_sum", "favorites_sum", "retweets_sum")));
            // Its cost follows the delta: batch_view itself, whose rows of a day grow with the history, is not read.
            assertThat(String.join(";", statements)).as(warehouse.displayName()).doesNotContain("FROM batch_view ")
                    .doesNotContain("DELETE");
        }
    }

    /** A connection that records each statement's SQL and, for prepared ones, the parameters bound to it. */
    private static final class Recorder {
        private final List<String> statements = new ArrayList<>();
        private final List<List<String>> parameters = new ArrayList<>();

        Connection connection() {
            return proxy(Connection.class, (method, args) -> switch (method) {
                case "createStatement" -> proxy(Statement.class, (statementMethod, statementArgs) -> switch (statementMethod) {
                    case "execute" -> {
                        statements.add((String) statementArgs[0]);
                        yield false;
                    }
                    case "executeUpdate" -> {
                        statements.add((String) statementArgs[0]);
                        yield 0;
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(statementMethod);
                });
                case "prepareStatement" -> {
                    statements.add((String) args[0]);
                    List<String> bound = new ArrayList<>();
                    parameters.add(bound);
                    yield proxy(PreparedStatement.class, (statementMethod, statementArgs) -> switch (statementMethod) {
                        case "setObject" -> {
                            bound.add(statementArgs[1].toString());
                            yield null;
                        }
                        case "executeUpdate" -> 0;
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(statementMethod);
                    });
                }
                default -> throw new UnsupportedOperationException(method);
            });
        }

        private interface Handler {
            Object handle(String method, Object[] args);
        }

        private static <T> T proxy(Class<T> type, Handler handler) {
            return type.cast(Proxy.newProxyInstance(ViewRollupsTest.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> handler.handle(method.getName(), args)));
        }
    }
}
