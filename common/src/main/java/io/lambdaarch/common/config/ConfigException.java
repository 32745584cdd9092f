package io.lambdaarch.common.config;

import io.lambdaarch.common.error.TerseException;
import java.util.List;

/** One or more configuration values are missing or malformed; the message names every variable and what it expected. */
public final class ConfigException extends TerseException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** Each problem as one line, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        StringBuilder message = new StringBuilder(problems.size() + " configuration problems:");
        problems.forEach(p -> message.append(System.lineSeparator()).append("  - ").append(p));
        return message.toString();
    }
}
