package io.lambdaarch.speed.jdbc;

import io.lambdaarch.common.sql.WarehouseKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes new totals into speed_view inside the caller's transaction. Spark's update mode hands over the full running
 * aggregate of every changed group, so an existing row is overwritten, never added to.
 */
public interface SpeedViewUpsert {
    /** Inserts or overwrites {@code rows}; returns how many rows were written. */
    long upsert(Connection connection, List<SpeedViewRow> rows) throws SQLException;

    /** The statements for {@code kind}. */
    static SpeedViewUpsert forKind(WarehouseKind kind, SpeedViewTable table) {
        return switch (kind) {
            case POSTGRES -> new PostgresSpeedViewUpsert(table);
            case REDSHIFT -> new RedshiftSpeedViewUpsert(table);
        };
    }
}
