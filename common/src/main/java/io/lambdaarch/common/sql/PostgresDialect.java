package io.lambdaarch.common.sql;

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
}
