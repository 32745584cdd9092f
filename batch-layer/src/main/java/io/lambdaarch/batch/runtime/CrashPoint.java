package io.lambdaarch.batch.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The places where {@code --crash-at} halts the JVM as {@code kill -9} would (no finally blocks, no shutdown hooks),
 * so tests can prove that a run killed there leaves the warehouse as it was before the step, and that the next run
 * finishes the job with no duplicate and no loss.
 */
public enum CrashPoint {
    /**
     * After the first archive file is uploaded (in the background), while partitions are still drained (and, on
     * PostgreSQL, rows stream into the open COPY): some files are in S3, nothing is committed.
     */
    MID_UPLOAD("mid-upload"),
    /**
     * After the first block of rows went into PostgreSQL's open COPY, while partitions are still drained: rows are in
     * raw_batch's uncommitted transaction, nothing is committed. (Redshift streams no rows; it never reaches this.)
     */
    MID_COPY("mid-copy"),
    /**
     * After every archive file and the manifest are uploaded. PostgreSQL: the COPY has ended and the first copies are
     * indexed (the uploads overlap both), the offsets are not written; Redshift: its manifest COPY has not started.
     */
    AFTER_UPLOAD("after-upload"),
    /**
     * After the COPY into raw_batch and the first-copy index update, before the offsets are written and commit
     * (PostgreSQL: archive uploads may still be under way).
     */
    AFTER_FIRST_COPIES("after-first-copies"),
    /** After the COPY into raw_batch and the bookkeeping updates, before their transaction commits. */
    AFTER_COPY_BEFORE_COMMIT("after-copy-before-commit"),
    /** In a full recompute: after batch_view is rebuilt, before the batch_runs row is written and commits. */
    DURING_RECOMPUTE("during-recompute"),
    /** In an incremental run: after the delta is added to batch_view, before the batch_runs row is written and commits. */
    DURING_INCREMENTAL("during-incremental");

    /** The exit status a halted JVM reports, the same a shell shows for a process killed by signal 9. */
    public static final int HALT_STATUS = 137;

    private final String externalName;

    CrashPoint(String externalName) {
        this.externalName = externalName;
    }

    /** The lower-case name used on the command line. */
    public String externalName() {
        return externalName;
    }

    /** The crash point called {@code name} (external name, case-insensitive), if any. */
    public static Optional<CrashPoint> fromExternalName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.externalName.equals(lower)).findFirst();
    }

    /** Every external name, for help texts and completion. */
    public static List<String> externalNames() {
        return Arrays.stream(values()).map(CrashPoint::externalName).toList();
    }
}
