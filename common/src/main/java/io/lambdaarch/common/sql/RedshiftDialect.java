package io.lambdaarch.common.sql;

import java.util.List;

/** Amazon Redshift (provisioned or Serverless). */
public final class RedshiftDialect implements SqlDialect {

    @Override
    public WarehouseKind kind() {
        return WarehouseKind.REDSHIFT;
    }

    @Override
    public List<String> sessionSetup() {
        return List.of("SET TIME ZONE 'UTC'");
    }
}
