package io.lambdaarch.bench.cli;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.BenchRunner;
import io.lambdaarch.bench.config.BenchSettings;
import io.lambdaarch.bench.report.BenchReport;
import io.lambdaarch.bench.report.ConsoleReport;
import io.lambdaarch.bench.report.ResultsWriter;
import io.lambdaarch.common.cli.CommandLines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures every layer against a baseline run in the same session, on a stack of its own, and prints one table
 * (also saved as JSON and Markdown).
 *
 * <p>Usage: {@code ./lambda bench [--events N] [--history-days D] [...]}. Example: {@code ./lambda bench --events 100000}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs ingestion, landing, recompute, serving and the speed layer on a stack of its own, each against"
                + " a baseline measured in the same run on the same data, and prints one table of ratios and targets.",
                "The table, the machine and the load average are saved to latest.json and latest.md (and timestamped copies)"
                        + " under --results-dir. Exit 0 when every figure was measured (whether or not its target was met),"
                        + " 1 when some could not be."})
public final class BenchCommand implements Callable<Integer> {
    /** More runs than this would take hours on the machine the defaults are sized for. */
    static final int MAX_RUNS = 20;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private BenchOptions options;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    private final Map<String, String> environment;

    BenchCommand(Map<String, String> environment) {
        this.environment = requireNonNull(environment, "environment is null");
    }

    public static void main(String[] args) {
        System.exit(createCommandLine(System.getenv()).execute(args));
    }

    /** The command over {@code environment}, whose LAMBDA_* settings the services the bench starts must not inherit. */
    public static CommandLine createCommandLine(Map<String, String> environment) {
        return CommandLines.configure(new CommandLine(new BenchCommand(environment)));
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings settings;
        try {
            settings = options.toSettings();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.runs < 1 || options.runs > MAX_RUNS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--runs must be from 1 to " + MAX_RUNS + ", got " + options.runs);
        }
        BenchReport report = new BenchRunner(settings, options.runs, out, environment).run();
        out.println();
        out.print(ConsoleReport.render(report));
        List<Path> files = new ResultsWriter(settings.resultsDir()).write(report);
        out.println("Saved to " + files.get(0) + " and " + files.get(1) + " (copies: " + files.get(2).getFileName() + ", "
                + files.get(3).getFileName() + ")");
        out.flush();
        return report.anyFailed() ? CommandLines.FAILED : CommandLines.OK;
    }
}
