package io.lambdaarch.bench.figures;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines while the bench runs, each with the time since the start: {@code [02:41] landing 2x: ...}. */
public final class Progress {
    private final PrintWriter out;
    private final long started = System.nanoTime();

    public Progress(PrintWriter out) {
        this.out = requireNonNull(out, "out is null");
    }

    public void say(String format, Object... args) {
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String message = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        out.printf(Locale.ROOT, "[%02d:%02d] %s%n", seconds / 60, seconds % 60, message);
        out.flush();
    }
}
