package io.lambdaarch.common.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One warehouse (PostgreSQL or Redshift), chosen once from the JDBC URL by {@link #of}: everything that differs
 * between warehouses is a method of this object (COPY, replacing a table, upsert, isolation, view binding, locks,
 * session setup, the views' aggregate queries), as Trino binds one {@code JdbcClient} per connector. Layers keep
 * their own logic and ask this object for the SQL; none of them tests which warehouse it is.
 *
 * <p>Statements run inside the caller's transaction; no method commits.
 */
public interface Warehouse extends ViewQueries {

    /** The one place that turns a kind into a warehouse: a new kind fails the build here and nowhere else. */
    static Warehouse of(WarehouseKind kind) {
        return switch (kind) {
            case POSTGRES -> new PostgresWarehouse();
            case REDSHIFT -> new RedshiftWarehouse();
        };
    }

    WarehouseKind kind();

    /** The product's name, for messages and generated files. */
    String displayName();

    /** The JDBC driver class, instantiated directly: with both drivers on the classpath, DriverManager may pick wrong. */
    String driverClassName();

    /** The classpath (and repository) directory of this warehouse's DDL, {@code sql/<warehouse>}. */
    String ddlDirectory();

    /**
     * Fails with one line naming the server's version when it is older than the SQL generated here needs. Called by
     * {@link SchemaInstaller} before any DDL, which every service runs at start-up, so an old server stops a service
     * there rather than at its first landing. Accepts every version by default.
     */
    default void requireSupportedServer(int majorVersion, String productVersion) {
    }

    /** Classpath resources of this warehouse's DDL, in the order they run. */
    default List<String> schemaScripts() {
        return List.of(ddlDirectory() + "/schema.sql");
    }

    /**
     * What follows the column list of a view's batch table created from its definition ({@link ViewTablesDdl}): its
     * distribution and sort where the warehouse has them (Redshift: small and read by range, so replicated to every
     * node and sorted by {@code sortColumn}, as schema.sql lays out batch_view); nothing elsewhere.
     */
    default String viewTableLayout(String sortColumn) {
        return "";
    }

    /**
     * What follows the column list of a view's speed table ({@link SpeedTableDdl}): Redshift replicates it to every node
     * and sorts it by {@code sortKey} (the ingest bucket, then the time dimension), as schema.sql lays out speed_view;
     * nothing elsewhere.
     */
    default String speedTableLayout(String sortKey) {
        return "";
    }

    /**
     * What follows the column list of a view's staging table ({@link SpeedTableDdl}): Redshift spreads it evenly
     * (every executor task writes it) and sorts it by {@code sortKey} (epoch, batch id), as schema.sql lays out
     * speed_view_incoming; nothing elsewhere.
     */
    default String speedStagingTableLayout(String sortKey) {
        return "";
    }

    /**
     * {@code column} as an ORDER BY term that sorts text by its UTF-8 bytes (code point order) whatever the database's
     * collation, so that ties are broken the same way in SQL as by the serving layer's in-memory index. Redshift compares
     * text bytewise already; PostgreSQL follows its database collation unless told {@code COLLATE "C"}.
     */
    default String bytewiseOrder(String column) {
        return column;
    }

    /** Statements run on every new connection. */
    List<String> sessionSetup();

    /**
     * The isolation level, as HikariCP names it, at which every statement of a read-only transaction sees one
     * snapshot.
     */
    String snapshotIsolation();

    /** {@code table} as a view created in {@code schema} must name it (late-binding views need the schema). */
    String tableInView(String schema, String table);

    /** {@code CREATE OR REPLACE VIEW view AS query}, bound as this warehouse needs for tables that are swapped. */
    String createViewStatement(String view, String query);

    /** How a generated view script names this warehouse and its binding, for the script's header. */
    String viewScriptTitle(String schema);

    /** The schema a view created with {@code schema} (the configured one) lands in. */
    String viewSchema(Connection connection, String schema) throws SQLException;

    /**
     * The statements that replace every row of {@code table} in one transaction, with readers seeing old or new. Never
     * a rename: a reader's prepared statement holds on to the table it planned against (Redshift: "could not open
     * relation with OID").
     */
    TableRewrite rewrite(String table);

    /**
     * What a transaction runs first when it deletes and inserts rows of {@code table} while other transactions do the
     * same to other rows of it (the speed job's executor tasks): nothing where row locks keep them apart
     * (PostgreSQL); {@code LOCK table} on Redshift, whose serializable isolation would otherwise abort all but one.
     */
    List<String> concurrentWriteSetup(String table);

    /** Deletes every row of {@code table}, undone by a rollback. */
    String deleteAllRows(String table);

    /** Creates the temporary table {@code name} with the columns of {@code likeTable} (and without its keys). */
    String createTemporaryTable(String name, String likeTable);

    /**
     * Creates the temporary table {@code name} holding the rows of {@code query} (dropped as
     * {@link #createTemporaryTable}'s are). A CREATE TABLE AS may run its query in parallel where an INSERT ... SELECT
     * may not (PostgreSQL plans no parallel query for a statement that writes into a table), so a large aggregate goes
     * through one. It takes no bind parameters: {@code query} holds its values as literals.
     */
    String createTemporaryTableAs(String name, String query);

    /**
     * {@code statement}, one aggregate over several {@code GROUPING SETS}, with what makes the warehouse hash every set in
     * the one pass over its input: PostgreSQL takes a time bucket of a nearly unique timestamp ({@code DATE_TRUNC('hour',
     * created_at)}) to have as many groups as rows, and plans grouping sets whose estimated hash tables exceed its
     * hash_mem as a sort of every input row (on disk) instead, several times slower; it is told for this statement that
     * the hash tables may grow (they hold the real groups, a few thousand, and spill if they ever outgrow it). Nothing
     * elsewhere: Redshift plans its own aggregation.
     */
    List<String> hashedGroupingSets(String statement);

    /** What drops a table made by {@link #createTemporaryTable} before commit (nothing where commit drops it). */
    List<String> dropTemporaryTable(String name);

    /**
     * The statements that merge into {@link io.lambdaarch.common.sql.Tables#FIRST_COPIES} the first copy of every event
     * id among the raw_batch rows matching {@code newRows} (a predicate on raw_batch's columns), replacing an indexed
     * copy only when the new one comes first (earliest ingest time, then partition, then offset) ({@link FirstCopyIndex}).
     */
    List<String> indexFirstCopies(String newRows);

    /**
     * The statements that add each row of {@code deltaTable} to the row of {@code table} with the same key (summing
     * {@code measureColumns}), inserting the rows whose key is new: how a batch run folds its delta into batch_view.
     */
    List<String> addRows(String table, String deltaTable, List<String> keyColumns, List<String> measureColumns);

    /**
     * As {@link #addRows}, for the rows of {@code query} (one row per key, e.g. a GROUP BY over a delta): how a batch run
     * folds its delta, summed to a coarser grain, into a rollup table, reading the delta's few rows, not the view's.
     * PostgreSQL adds the query's rows in one statement; a warehouse whose MERGE takes a table only holds them in the
     * temporary table {@code stagingTable} first and drops it before commit.
     */
    List<String> addQueryRows(String table, String query, String stagingTable, List<String> keyColumns,
            List<String> measureColumns);

    /** The statements that insert or overwrite rows of {@code target} by key. */
    UpsertStatements upsert(UpsertTarget target);

    /**
     * True when COPY reads the files from S3 itself (through {@link CopySource#manifestUrl()}, an IAM role and a
     * JSONPaths file); false when the client streams them ({@link CopySource#writeCsv}).
     */
    boolean copyReadsS3();

    /**
     * Starts a load of {@code table} that is fed while its data is produced: streamed rows where the client sends
     * them, else the files written meanwhile ({@link TableLoad}). Until it finishes, the connection runs nothing else.
     */
    TableLoad load(Connection connection, String table, List<String> columns) throws SQLException;

    /** Bulk-loads {@code source}'s files into {@code table}; returns the rows loaded. */
    long copy(Connection connection, String table, List<String> columns, CopySource source, CopyListener listener)
            throws SQLException;

    /**
     * A lock that one session holds while it lives: an advisory lock on {@code advisoryKey} where the warehouse has
     * them, else an exclusive lock on the table {@code lockTable} (which the schema creates).
     */
    WarehouseLock lock(long advisoryKey, String lockTable);

    /**
     * The statements that widen, in place and inside the caller's transaction, the BIGINT measure columns of
     * {@code narrowTables} (made by a release before exact sums) to {@link #measureType()}, keeping their rows and
     * serving_view; {@code statement} reads what the upgrade must restore. Each warehouse changes a column's type its
     * own way ({@link MeasureColumnsUpgrade}).
     *
     * @param schemaStatements the statements of this warehouse's schema.sql
     * @param servingView the statements of this warehouse's serving_view.sql
     */
    List<String> widenMeasureColumns(Statement statement, List<String> narrowTables, List<String> schemaStatements,
            List<String> servingView) throws SQLException;
}
