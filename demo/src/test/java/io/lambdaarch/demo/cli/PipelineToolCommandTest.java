package io.lambdaarch.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PipelineToolCommandTest {
    @Test
    void shouldDescribeEveryOptionOfEveryCommand() {
        assertThat(CommandLines.undocumentedOptions(PipelineToolCommand.createCommandLine())).isEmpty();
    }

    @Test
    void shouldRejectABadDurationWithUsageAndExitTwo() {
        CommandLine commandLine = PipelineToolCommand.createCommandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute("demo", "--duration", "soon");

        assertThat(exitCode).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("ERROR:").contains("'soon' is not a duration").contains("Usage: lambda demo");
    }
}
