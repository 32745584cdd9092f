package io.lambdaarch.demo.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts pipeline services the way a user does, through {@code ./lambda <command>}, so the demo exercises the real
 * launch path (jar, SparkSubmit for the speed layer). Every child gets the same environment: the stack's settings
 * file, the shared ingest bucket size, and no rebuilds (the demo built everything up front).
 */
public final class ServiceLauncher {
    private final Path home;
    private final Path logDir;
    private final Map<String, String> environment;

    /**
     * @param home the repository root holding {@code ./lambda}
     * @param logDir where each service's log goes ({@code <name>.log})
     * @param environment variables every child gets (on top of this process's environment)
     */
    public ServiceLauncher(Path home, Path logDir, Map<String, String> environment) {
        this.home = requireNonNull(home, "home is null").toAbsolutePath();
        this.logDir = requireNonNull(logDir, "logDir is null");
        Map<String, String> env = new HashMap<>(environment);
        env.put("LAMBDA_NO_BUILD", "1");
        this.environment = Map.copyOf(env);
    }

    public Path home() {
        return home;
    }

    /** Runs {@code ./lambda <command> <args...>} as a child named {@code name}. */
    public ChildProcess start(String name, String command, List<String> args) {
        return start(name, command, args, Map.of());
    }

    /** Like {@link #start(String, String, List)}, with extra environment variables for this child only. */
    public ChildProcess start(String name, String command, List<String> args, Map<String, String> extraEnvironment) {
        List<String> line = new ArrayList<>();
        line.add(home.resolve("lambda").toString());
        line.add(command);
        line.addAll(args);
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(extraEnvironment);
        return ChildProcess.start(name, line, env, home, logDir.resolve(name + ".log"));
    }
}
