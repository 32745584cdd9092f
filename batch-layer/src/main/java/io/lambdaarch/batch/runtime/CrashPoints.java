package io.lambdaarch.batch.runtime;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Halts the process at the one {@link CrashPoint} that is armed, if any. The halt goes through
 * {@link Runtime#halt(int)}, not {@code System.exit}: it must skip finally blocks and shutdown hooks exactly as a
 * {@code kill -9} would, so that nothing gets a chance to clean up.
 */
public final class CrashPoints {
    private final Optional<CrashPoint> armed;
    private final PrintWriter out;
    private final IntConsumer halt;

    public CrashPoints(Optional<CrashPoint> armed, PrintWriter out, IntConsumer halt) {
        this.armed = requireNonNull(armed, "armed is null");
        this.out = requireNonNull(out, "out is null");
        this.halt = requireNonNull(halt, "halt is null");
    }

    /** No crash point armed. */
    public static CrashPoints none(PrintWriter out) {
        return new CrashPoints(Optional.empty(), out, status -> {
            throw new IllegalStateException("no crash point is armed");
        });
    }

    /** Armed at {@code point} (if present), halting the real JVM. */
    public static CrashPoints halting(Optional<CrashPoint> point, PrintWriter out) {
        return new CrashPoints(point, out, status -> Runtime.getRuntime().halt(status));
    }

    /** Called by the job when it reaches {@code point}; halts if that point is armed. */
    public void reached(CrashPoint point) {
        if (armed.isPresent() && armed.get() == point) {
            out.println("CRASH: halting at crash point " + point.externalName() + " (--crash-at)");
            out.flush();
            halt.accept(CrashPoint.HALT_STATUS);
        }
    }
}
