package io.lambdaarch.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.ConfigException;
import io.lambdaarch.common.error.TerseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

class CommandLinesTest {
    private static final String TERSE_MESSAGE =
            "Cannot connect to the warehouse at jdbc:postgresql://localhost/lambda: Connection refused";

    /** What a test command can be told to fail with. */
    enum Failure {
        NONE, TERSE, CONFIG, OTHER;

        RuntimeException exception() {
            return switch (this) {
                case NONE -> null;
                case TERSE -> new TerseException(TERSE_MESSAGE);
                case CONFIG -> new ConfigException(List.of(
                        "Missing LAMBDA_S3_BUCKET: expected an S3 bucket name",
                        "Invalid value x for LAMBDA_INGEST_BUCKET (from environment): expected whole seconds"));
                case OTHER -> new IllegalStateException("cannot write archive",
                        new IOException("No space left on device"));
            };
        }
    }

    enum Mode {
        FAST, SAFE
    }

    @Command(name = "probe", description = "Fails as told, to test the shared command-line set-up.")
    static final class ProbeCommand implements Callable<Integer> {
        @Option(names = "--fail", paramLabel = "<failure>", description = "How to fail: ${COMPLETION-CANDIDATES}.")
        Failure failure = Failure.NONE;

        @Option(names = "--debug", description = "Print stack traces.")
        boolean debug;

        @Option(names = "--wait", paramLabel = "<duration>", description = "A duration.")
        Duration wait;

        @Option(names = "--since", paramLabel = "<instant>", description = "An instant.")
        Instant since;

        @Option(names = "--mode", paramLabel = "<mode>", description = "One of ${COMPLETION-CANDIDATES}.")
        Mode mode;

        @Override
        public Integer call() {
            RuntimeException exception = failure.exception();
            if (exception != null) {
                throw exception;
            }
            return CommandLines.OK;
        }
    }

    private record Run(ProbeCommand command, int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @Test
    void shouldReturnOkWhenCommandSucceeds() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldRejectUnknownOptionWithOneLineAndUsage() {
        Run run = run("--nope");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).isEqualTo("ERROR: Unknown option: '--nope'");
        assertThat(run.err()).contains("Usage: probe").contains("--wait=<duration>");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRejectMalformedDurationWithOneLineAndUsage() {
        Run run = run("--wait", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("ERROR: Invalid value for option '--wait'")
                .endsWith("'soon' is not a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S");
        assertThat(run.err()).contains("Usage: probe");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-11-26T09:00:00", "2026-11-26", "yesterday", "1795683600"})
    void shouldRejectInstantsWithoutOffset(String value) {
        Run run = run("--since", value);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("ERROR: Invalid value for option '--since'")
                .endsWith("'" + value + "' is not an ISO-8601 instant such as 2026-11-26T09:00:00Z");
    }

    @Test
    void shouldPrintTerseExceptionAsOneLineAndExitOne() {
        Run run = run("--fail", "terse");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("ERROR: " + TERSE_MESSAGE);
    }

    @Test
    void shouldPrintConfigExceptionWithEveryProblemAndExitTwo() {
        Run run = run("--fail", "config");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "ERROR: 2 configuration problems:",
                "  - Missing LAMBDA_S3_BUCKET: expected an S3 bucket name",
                "  - Invalid value x for LAMBDA_INGEST_BUCKET (from environment): expected whole seconds");
    }

    @Test
    void shouldPrintOtherExceptionsAsRootCauseWithHintAndExitOne() {
        Run run = run("--fail", "other");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "ERROR: IllegalStateException: No space left on device",
                "(run again with --debug for the stack trace)");
    }

    @Test
    void shouldPrintStackTraceWithDebug() {
        Run run = run("--fail", "other", "--debug");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines().get(0)).isEqualTo("ERROR: IllegalStateException: No space left on device");
        assertThat(run.err())
                .contains("java.lang.IllegalStateException: cannot write archive")
                .contains("\tat ")
                .contains("Caused by: java.io.IOException: No space left on device")
                .doesNotContain("run again with --debug");
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @CsvSource({"terse, 1", "config, 2"})
    void shouldPrintStackTraceOfTerseExceptionsWithDebugToo(String failure, int exitCode) {
        Run run = run("--debug", "--fail", failure);

        assertThat(run.exitCode()).isEqualTo(exitCode);
        assertThat(run.err()).contains("\tat ");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"500ms, PT0.5S", "90s, PT1M30S", "5m, PT5M", "2h, PT2H", "7d, PT168H", "PT1M, PT1M", "pt30s, PT30S"})
    void shouldConvertDurations(String value, Duration expected) {
        Run run = run("--wait", value);

        assertThat(run.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(run.command().wait).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2026-11-26T09:00:00Z, 2026-11-26T09:00:00Z",
        "2026-11-26T10:00:00+01:00, 2026-11-26T09:00:00Z",
        "2026-11-26T03:30:00-05:30, 2026-11-26T09:00:00Z",
        "2026-11-26T09:00:00.123456789Z, 2026-11-26T09:00:00.123456789Z"})
    void shouldConvertInstantsWithOffsetToUtc(String value, Instant expected) {
        Run run = run("--since", value);

        assertThat(run.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(run.command().since).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fast", "FAST", "Fast"})
    void shouldAcceptEnumValuesInAnyCase(String value) {
        Run run = run("--mode", value);

        assertThat(run.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(run.command().mode).isEqualTo(Mode.FAST);
    }

    @Test
    void shouldFindNoUndocumentedOptionInTheProbeCommand() {
        assertThat(CommandLines.undocumentedOptions(new CommandLine(new ProbeCommand()))).isEmpty();
    }

    @Command(name = "sloppy", description = "Has blanks in its help.", subcommands = SloppySubcommand.class)
    static final class SloppyCommand implements Runnable {
        @Option(names = "--documented", description = "Has a description.")
        String documented;

        @Option(names = "--bare")
        String bare;

        @Override
        public void run() {
        }
    }

    @Command(name = "child")
    static final class SloppySubcommand implements Runnable {
        @CommandLine.Parameters(paramLabel = "FILE")
        String file;

        @Override
        public void run() {
        }
    }

    @Test
    void shouldListEveryOptionParameterAndCommandWithoutDescription() {
        assertThat(CommandLines.undocumentedOptions(new CommandLine(new SloppyCommand())))
                .containsExactlyInAnyOrder("sloppy --bare", "sloppy child (command description)", "sloppy child FILE");
    }

    @Command(name = "tool", mixinStandardHelpOptions = true, description = "Has subcommands.",
            subcommands = ToolSubcommand.class)
    static final class ToolCommand implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "report", description = "Has no standard help options of its own.")
    static final class ToolSubcommand implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void shouldPrintTheVersionTheBuildWasMadeAs() throws IOException {
        Run run = run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst()).contains("probe (lambda-arch) " + projectVersion());
        assertThat(run.out()).contains("Java " + System.getProperty("java.version"));
    }

    @ParameterizedTest
    @CsvSource({"'--version', tool", "'report,--version', tool report", "'report,-V', tool report"})
    void shouldPrintTheVersionOnEverySubcommand(String arguments, String command) throws IOException {
        CommandLine commandLine = CommandLines.configure(new CommandLine(new ToolCommand()));
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));

        assertThat(commandLine.execute(arguments.split(","))).isZero();
        assertThat(out.toString().lines().findFirst()).contains(command + " (lambda-arch) " + projectVersion());
    }

    /** The reactor's version, read from the parent POM as Maven reads it, not from the filtered resource. */
    private static String projectVersion() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher matcher = Pattern
                .compile("<artifactId>lambda-arch-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(matcher.find()).as("the parent POM's version").isTrue();
        return matcher.group(1);
    }

    private static Run run(String... args) {
        ProbeCommand command = new ProbeCommand();
        CommandLine commandLine = CommandLines.configure(new CommandLine(command));
        commandLine.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute(args);

        return new Run(command, exitCode, out.toString(), err.toString());
    }
}
