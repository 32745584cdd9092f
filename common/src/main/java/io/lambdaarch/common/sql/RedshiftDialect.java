package io.lambdaarch.common.sql;

import io.lambdaarch.common.view.Measure;
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

    /** Redshift's widest exact type; its SUM of a BIGINT is a BIGINT, so each value is widened first. */
    @Override
    public String measureType() {
        return "DECIMAL(" + Measure.PRECISION + ", 0)";
    }
}
