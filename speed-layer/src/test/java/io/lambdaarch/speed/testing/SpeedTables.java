package io.lambdaarch.speed.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.speed.testing.SpeedWorkload.ViewKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The speed layer's tables as its tests read them back, by plain SQL, to compare with a {@link SpeedWorkload}'s truth. */
public final class SpeedTables {
    private SpeedTables() {
    }

    /** speed_view: per key, {tweet_count, followers_sum, favorites_sum, retweets_sum}. */
    public static Map<ViewKey, List<Long>> speedView(StackSandbox sandbox) throws SQLException {
        Map<ViewKey, List<Long>> view = new HashMap<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT ingest_bucket, event_hour, location, tweet_count,"
                        + " followers_sum, favorites_sum, retweets_sum FROM speed_view")) {
            while (rs.next()) {
                view.put(new ViewKey(instant(rs, 1), instant(rs, 2), rs.getString(3)),
                        List.of(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
            }
        }
        return view;
    }

    /** {sum(input_rows), sum(invalid_rows)} over speed_commits. */
    public static List<Long> commitTotals(StackSandbox sandbox) throws SQLException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COALESCE(SUM(input_rows), 0), COALESCE(SUM(invalid_rows), 0) FROM speed_commits")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }

    /** The newest micro-batch in speed_commits, -1 before the first. */
    public static long latestBatchId(StackSandbox sandbox) throws SQLException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(batch_id), -1) FROM speed_commits")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** When micro-batch {@code batchId} was committed; fails if it is not in speed_commits. */
    public static LocalDateTime committedAt(StackSandbox sandbox, long batchId) throws SQLException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT committed_at FROM speed_commits WHERE batch_id = " + batchId)) {
            assertThat(rs.next()).as("batch %d is in speed_commits", batchId).isTrue();
            return rs.getObject(1, LocalDateTime.class);
        }
    }

    /** A TIMESTAMP column (UTC by the schema's convention) as an instant. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
}
