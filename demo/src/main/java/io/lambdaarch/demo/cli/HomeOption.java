package io.lambdaarch.demo.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the repository (and its {@code ./lambda}) is; {@code ./lambda} passes it, so the tools work from any directory. */
final class HomeOption {
    @Option(names = "--home", paramLabel = "DIR", defaultValue = "${sys:lambda.home:-.}",
            description = "The lambda-arch checkout whose ./lambda starts the services (default: ${DEFAULT-VALUE}).")
    Path home;
}
