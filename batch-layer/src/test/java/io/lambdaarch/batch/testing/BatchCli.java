package io.lambdaarch.batch.testing;

import io.lambdaarch.batch.cli.BatchCommand;
import io.lambdaarch.common.config.ConfigSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import picocli.CommandLine;

/** Runs the batch command line in this JVM through its factory, capturing output (never {@code main}). */
public final class BatchCli {
    private BatchCli() {
    }

    /** Exit code and captured output of one command. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    public static Result run(ConfigSource settings, String... args) {
        return run(settings, Clock.systemUTC(), args);
    }

    /** Runs with the job's clock set to {@code clock} (to show what a skewed host clock does). */
    public static Result run(ConfigSource settings, Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BatchCommand.createCommandLine(() -> settings, clock);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
