package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Redshift's load of a table: its COPY reads S3 itself, so nothing is streamed while the data is produced, and the
 * load is the manifest COPY of the files written meanwhile, run when it finishes.
 */
final class RedshiftManifestLoad implements TableLoad {
    private final RedshiftWarehouse warehouse;
    private final Connection connection;
    private final String table;
    private final List<String> columns;

    RedshiftManifestLoad(RedshiftWarehouse warehouse, Connection connection, String table, List<String> columns) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.connection = connection;
        this.table = requireNonNull(table, "table is null");
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    @Override
    public boolean streamsRows() {
        return false;
    }

    @Override
    public void write(byte[] csv, int offset, int length) {
        throw new IllegalStateException("Redshift's COPY reads the files from S3; rows are not streamed to it");
    }

    @Override
    public long finish(CopySource files, CopyListener listener) throws SQLException {
        return warehouse.copy(connection, table, columns, files, listener);
    }

    @Override
    public void close() {
        // nothing runs before finish, and the caller's rollback undoes the COPY
    }
}
