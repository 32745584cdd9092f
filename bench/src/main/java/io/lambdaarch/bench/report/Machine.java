package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine the numbers were measured on.
 *
 * @param cores processors available to the JVM
 * @param memoryBytes physical memory
 * @param cpu processor model, or {@code unknown}
 * @param jdk Java vendor and runtime version
 * @param os operating system name, version and architecture (and distribution, when known)
 */
public record Machine(int cores, long memoryBytes, String cpu, String jdk, String os) {
    public Machine {
        requireNonNull(cpu, "cpu is null");
        requireNonNull(jdk, "jdk is null");
        requireNonNull(os, "os is null");
    }

    /** This machine, as the JVM and (on Linux) /proc and /etc/os-release describe it. */
    public static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize()
                : -1;
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name", ':').orElse("unknown");
        String jdk = System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", '=').map(d -> " (" + d + ")").orElse("");
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, cpu, jdk, os);
    }

    /** {@code 2 cores, 23.4 GiB}. */
    public String coresAndMemory() {
        return String.format(java.util.Locale.ROOT, "%d cores, %.1f GiB", cores, memoryBytes / (1024.0 * 1024 * 1024));
    }

    private static Optional<String> firstValue(Path file, String key, char separator) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            int at = line.indexOf(separator);
            if (at > 0 && line.substring(0, at).trim().equals(key)) {
                return Optional.of(line.substring(at + 1).trim().replace("\"", ""));
            }
        }
        return Optional.empty();
    }
}
