package io.lambdaarch.common.sql;

import io.lambdaarch.common.view.Measure;
import java.util.List;

/** PostgreSQL, the warehouse of the local stack and the tests. */
public final class PostgresDialect implements SqlDialect {

    @Override
    public WarehouseKind kind() {
        return WarehouseKind.POSTGRES;
    }

    @Override
    public List<String> sessionSetup() {
        return List.of("SET TIME ZONE 'UTC'");
    }

    @Override
    public String measureType() {
        return "NUMERIC(" + Measure.PRECISION + ", 0)";
    }

    /** PostgreSQL's SUM of a BIGINT is already an exact NUMERIC, and adds in 128 bits: faster than summing NUMERICs. */
    @Override
    public String sumOfBigint(String column) {
        return "SUM(" + column + ")";
    }
}
