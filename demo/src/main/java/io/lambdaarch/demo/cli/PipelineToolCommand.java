package io.lambdaarch.demo.cli;

import io.lambdaarch.common.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The end-to-end tools: {@code demo} runs the whole pipeline on the embedded stack, {@code verify} checks it
 * against a truth computed from the workload.
 *
 * <p>Usage: {@code java -jar demo/target/demo.jar demo|verify [options]}, normally {@code ./lambda demo} and
 * {@code ./lambda verify --events 1000000}.
 */
@Command(name = "lambda", mixinStandardHelpOptions = true,
        description = "End-to-end tools that run every service of the pipeline as its own process.",
        subcommands = {DemoCommand.class, VerifyCommand.class})
public final class PipelineToolCommand implements Runnable {
    public static void main(String[] args) {
        System.exit(createCommandLine().execute(args));
    }

    public static CommandLine createCommandLine() {
        return CommandLines.configure(new CommandLine(new PipelineToolCommand()));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "Name a command: demo or verify");
    }
}
