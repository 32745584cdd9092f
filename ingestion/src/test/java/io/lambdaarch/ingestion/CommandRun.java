package io.lambdaarch.ingestion;

import io.lambdaarch.ingestion.cli.IngestCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** The ingest command running in this JVM on its own thread, with its output captured. */
public final class CommandRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exitCode;

    private CommandRun(IngestCommand.Context context, String... args) {
        CommandLine commandLine = IngestCommand.createCommandLine(context);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        exitCode = CompletableFuture.supplyAsync(() -> commandLine.execute(args), runnable -> {
            Thread thread = new Thread(runnable, "ingest-command");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Starts {@code ingest args} with {@code context}. */
    public static CommandRun start(IngestCommand.Context context, String... args) {
        return new CommandRun(context, args);
    }

    /** Waits for the command to end and returns its exit code. */
    public int awaitExit(Duration timeout) throws Exception {
        return exitCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean finished() {
        return exitCode.isDone();
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }
}
