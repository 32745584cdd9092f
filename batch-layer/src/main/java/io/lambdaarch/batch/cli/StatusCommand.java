package io.lambdaarch.batch.cli;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.cli.OutputFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Shows landed offsets and lag per partition, landed_through, the last cutoff and the last runs. Takes no lock.
 * Exits 1 when Kafka cannot be reached (the warehouse part is still shown).
 *
 * <p>Usage: {@code batch status [--format table|csv|json]}. Example: {@code ./lambda batch status --format json}.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show landed offsets and lag per partition, landed_through, the last cutoff and the last runs.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private BatchCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "How to print the report: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). csv has one"
                    + " record per partition; json the whole report.")
    private OutputFormat format;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    @Override
    public Integer call() {
        boolean complete = parent.readOnlyJob(spec.commandLine().getOut()).status(format);
        return complete ? CommandLines.OK : CommandLines.FAILED;
    }
}
