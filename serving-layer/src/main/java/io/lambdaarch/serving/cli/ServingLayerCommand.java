package io.lambdaarch.serving.cli;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.serving.config.ServingConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * The serving layer's jar: serves the API and dashboard, or answers one question from the command line.
 *
 * <p>Usage: {@code java -jar serving-layer/target/serving-layer.jar [serve|query|top] [options]}; without a
 * subcommand it serves. Example: {@code ./lambda top --from 2026-11-26T00:00:00Z --limit 5}.
 */
@Command(name = "serving-layer", mixinStandardHelpOptions = true,
        description = "The serving layer of lambda-arch. Without a subcommand, runs the HTTP API and dashboard (as 'serve').")
public final class ServingLayerCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(createCommandLine(System.getenv(), new CountDownLatch(1), Clock.systemUTC()).execute(args));
    }

    /**
     * Builds the command and its subcommands. {@code environment} supplies the settings; {@code stopSignal} ends
     * {@code serve} (Ctrl-C counts it down through a shutdown hook).
     */
    public static CommandLine createCommandLine(Map<String, String> environment, CountDownLatch stopSignal, Clock clock) {
        CommandLine commandLine = new CommandLine(new ServingLayerCommand());
        commandLine.addSubcommand(new CommandLine(new ServeCommand(environment, stopSignal, clock)));
        commandLine.addSubcommand(new CommandLine(new QueryCommand(environment)));
        commandLine.addSubcommand(new CommandLine(new TopCommand(environment, clock)));
        // configure() after the subcommands are added, so that they get the converters and handlers too
        return CommandLines.describeSettings(CommandLines.configure(commandLine), ServingConfig.settings());
    }

    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get(ServeCommand.NAME).execute();
    }
}
