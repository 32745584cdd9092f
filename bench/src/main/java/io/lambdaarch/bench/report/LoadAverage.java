package io.lambdaarch.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The system load average over 1, 5 and 15 minutes: on a shared machine it says how much of the CPU other work took
 * while the numbers were measured. Where only the 1-minute value is known, the others are negative.
 */
public record LoadAverage(double oneMinute, double fiveMinutes, double fifteenMinutes) {
    private static final Path PROC_LOADAVG = Path.of("/proc/loadavg");

    /** The current load average: /proc/loadavg on Linux, else the JVM's 1-minute figure. */
    public static LoadAverage now() {
        try {
            return parse(Files.readString(PROC_LOADAVG, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return new LoadAverage(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), -1, -1);
        }
    }

    /** Parses the first three fields of /proc/loadavg, e.g. {@code 5.16 7.35 9.95 3/812 23541}. */
    // Visible for testing
    static LoadAverage parse(String procLoadavg) {
        String[] fields = procLoadavg.trim().split("\\s+");
        return new LoadAverage(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
    }

    /** {@code 5.16 / 7.35 / 9.95}. */
    public String describe() {
        if (fiveMinutes < 0) {
            return String.format(Locale.ROOT, "%.2f (1 min)", oneMinute);
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", oneMinute, fiveMinutes, fifteenMinutes);
    }
}
