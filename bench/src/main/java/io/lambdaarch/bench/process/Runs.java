package io.lambdaarch.bench.process;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.demo.process.ChildProcess;
import java.time.Duration;
import java.util.function.Supplier;

/** Runs a child process that must end by itself (a tool, a batch command) and times it from the outside. */
public final class Runs {
    private static final int TAIL_LINES = 5;

    private Runs() {
    }

    /**
     * Starts the child, waits up to {@code timeout} for it to exit 0 and returns its wall time, JVM start-up included.
     * A non-zero exit or a timeout fails with the last lines of the child's log.
     */
    public static Duration runToSuccess(Supplier<ChildProcess> start, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        ChildProcess child = start.get();
        try {
            if (!child.awaitExit(timeout)) {
                child.kill();
                throw new TerseException(child.name() + " did not finish within " + timeout.toSeconds() + " s; " + lastLines(child));
            }
        } catch (InterruptedException e) {
            child.kill();
            throw e;
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        if (child.exitCode() != 0) {
            throw new TerseException(child.name() + " " + exitReport(child));
        }
        return wall;
    }

    /** {@code exited with code N; last lines of LOG: ...}, on one line, for a child that has exited. */
    public static String exitReport(ChildProcess child) {
        return "exited with code " + child.exitCode() + "; " + lastLines(child);
    }

    private static String lastLines(ChildProcess child) {
        return "last lines of " + child.log() + ": " + String.join(" | ", child.tail(TAIL_LINES));
    }
}
