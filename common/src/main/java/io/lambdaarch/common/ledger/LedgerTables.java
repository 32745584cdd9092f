package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The ledger's tables as one warehouse's SQL names them. Only the serving layer qualifies them (a late-binding
 * view on Redshift must name its tables with their schema); the layers that write them resolve the names through the
 * connection's search path.
 */
public final class LedgerTables {
    private static final String LANDING_OFFSETS = "landing_offsets";
    private static final String LANDING_RUNS = "landing_runs";
    private static final String BATCH_RUNS = "batch_runs";
    private static final String SPEED_COMMITS = "speed_commits";
    private static final String SPEED_LEASE = "speed_lease";
    private static final String SPEED_LATE_ROWS = "speed_late_rows";
    private static final String VIEW_DEFINITIONS = "view_definitions";
    private static final LedgerTables UNQUALIFIED = new LedgerTables(UnaryOperator.identity());

    private final UnaryOperator<String> naming;

    private LedgerTables(UnaryOperator<String> naming) {
        this.naming = requireNonNull(naming, "naming is null");
    }

    /** The plain names, resolved through the connection's search path; also the names messages and docs use. */
    public static LedgerTables unqualified() {
        return UNQUALIFIED;
    }

    /** The names {@code naming} gives the plain ones, e.g. {@code public.batch_runs}. */
    public static LedgerTables namedBy(UnaryOperator<String> naming) {
        return new LedgerTables(naming);
    }

    /** The plain table names, for schema checks. */
    public static List<String> plainNames() {
        return List.of(LANDING_OFFSETS, LANDING_RUNS, BATCH_RUNS, SPEED_COMMITS, SPEED_LEASE, SPEED_LATE_ROWS, VIEW_DEFINITIONS);
    }

    /** Next offset to land, per topic partition. */
    public String landingOffsets() {
        return naming.apply(LANDING_OFFSETS);
    }

    /** One row per landing run, with landed_through. */
    public String landingRuns() {
        return naming.apply(LANDING_RUNS);
    }

    /** One row per successful recompute, with its cutoff. */
    public String batchRuns() {
        return naming.apply(BATCH_RUNS);
    }

    /** One row per applied speed-layer micro-batch. */
    public String speedCommits() {
        return naming.apply(SPEED_COMMITS);
    }

    /** One row per speed job name: the checkpoint that writes speed_view, its holder and fencing epoch. */
    public String speedLease() {
        return naming.apply(SPEED_LEASE);
    }

    /** One row per declared view the batch layer has built: its definition's fingerprint and whether it is whole. */
    public String viewDefinitions() {
        return naming.apply(VIEW_DEFINITIONS);
    }

    /** One row per micro-batch that read records behind the speed layer's watermark: the ingest buckets they fell in. */
    public String speedLateRows() {
        return naming.apply(SPEED_LATE_ROWS);
    }
}
