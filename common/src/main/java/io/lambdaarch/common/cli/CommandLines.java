package io.lambdaarch.common.cli;

import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.ConfigException;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * Shared picocli set-up for every command of the project: typed converters, one-line errors, and exit codes
 * {@value #OK} (done), {@value #FAILED} (failed at run time), {@value #USAGE} (bad options or configuration).
 * A stack trace is printed only when {@code --debug} is on the command line.
 */
public final class CommandLines {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** The option that turns stack traces on. */
    public static final String DEBUG_OPTION = "--debug";

    private CommandLines() {
    }

    /** Registers converters and error handlers on {@code commandLine} and returns it. */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.registerConverter(Duration.class, CommandLines::duration);
        commandLine.registerConverter(Instant.class, CommandLines::instant);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(CommandLines::handleExecutionException);
        commandLine.setParameterExceptionHandler(CommandLines::handleParameterException);
        addVersion(commandLine);
        return commandLine;
    }

    /** {@code --version} on the command and every subcommand prints the build's version (see {@link BuildVersion}). */
    private static void addVersion(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        if (spec.findOption("--version") == null) {
            spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                    .description("Print version information and exit.").build());
        }
        spec.versionProvider(() -> BuildVersion.versionLines(spec.qualifiedName()));
        commandLine.getSubcommands().values().stream().distinct().forEach(CommandLines::addVersion);
    }

    /**
     * Lets option descriptions name the setting an option overrides as {@code ${bundle:NAME}}, which help renders as
     * {@code NAME, default D} from the declaration, so no default is written twice. Applies to subcommands too.
     */
    public static CommandLine describeSettings(CommandLine commandLine, List<Setting<?>> settings) {
        Object[][] contents = new Object[settings.size()][];
        for (int i = 0; i < settings.size(); i++) {
            Setting<?> setting = settings.get(i);
            String defaultText = setting.defaultDescription().replace("`", "");
            contents[i] = new Object[] {setting.name(), setting.name() + ", default " + (defaultText.isEmpty() ? "unset" : defaultText)};
        }
        commandLine.setResourceBundle(new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return contents;
            }
        });
        return commandLine;
    }

    /**
     * Every option and positional parameter of {@code commandLine} and its subcommands that has no description,
     * as {@code command option} strings; each command's test asserts this is empty, so help never has blanks.
     */
    public static List<String> undocumentedOptions(CommandLine commandLine) {
        List<String> missing = new ArrayList<>();
        collectUndocumented(commandLine, missing);
        return missing;
    }

    private static void collectUndocumented(CommandLine commandLine, List<String> missing) {
        CommandSpec spec = commandLine.getCommandSpec();
        if (spec.usageMessage().description().length == 0) {
            missing.add(spec.qualifiedName() + " (command description)");
        }
        for (OptionSpec option : spec.options()) {
            if (option.description().length == 0 || option.description()[0].isBlank()) {
                missing.add(spec.qualifiedName() + " " + option.longestName());
            }
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (parameter.description().length == 0 || parameter.description()[0].isBlank()) {
                missing.add(spec.qualifiedName() + " " + parameter.paramLabel());
            }
        }
        commandLine.getSubcommands().values().stream().distinct().forEach(sub -> collectUndocumented(sub, missing));
    }

    private static Duration duration(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not " + Durations.EXPECTED);
        }
        if (duration.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is negative; expected " + Durations.EXPECTED);
        }
        return duration;
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 instant such as 2026-11-26T09:00:00Z");
        }
    }

    private static int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean debug = parseResult.expandedArgs().contains(DEBUG_OPTION);
        String message = failure instanceof TerseException
                ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + Failures.rootMessage(failure);
        err.println(commandLine.getColorScheme().errorText("ERROR: " + message));
        if (debug) {
            failure.printStackTrace(err);
        } else if (!(failure instanceof TerseException)) {
            err.println("(run again with " + DEBUG_OPTION + " for the stack trace)");
        }
        err.flush();
        return failure instanceof ConfigException ? USAGE : FAILED;
    }

    private static int handleParameterException(CommandLine.ParameterException failure, String[] args) {
        CommandLine commandLine = failure.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText("ERROR: " + failure.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(failure, err);
        commandLine.usage(err, commandLine.getColorScheme());
        err.flush();
        return USAGE;
    }
}
