package io.lambdaarch.bench.stack;

import io.lambdaarch.common.config.ConfigSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment every process the bench starts begins with. A child inherits the bench's environment, where a
 * user's own {@code LAMBDA_*} settings, {@code LAMBDA_CONFIG_FILE} or {@code JAVA_OPTS} would change what is measured
 * (another compression, another heap); each of them is blanked here, which every service reads as "not set", and the
 * bench then sets exactly what a figure needs.
 */
public final class ChildEnvironment {
    private ChildEnvironment() {
    }

    /** Blank values for the settings in {@code parent} that would leak into a child. */
    public static Map<String, String> neutral(Map<String, String> parent) {
        Map<String, String> blanked = new HashMap<>();
        parent.keySet().stream().filter(key -> key.startsWith("LAMBDA_")).forEach(key -> blanked.put(key, ""));
        blanked.put(ConfigSource.CONFIG_FILE.name(), "");
        blanked.put("JAVA_OPTS", "");
        return blanked;
    }
}
