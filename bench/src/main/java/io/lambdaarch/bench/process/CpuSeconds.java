package io.lambdaarch.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.OptionalDouble;

/**
 * CPU seconds (user + system) used so far by a process or a set of them (a PostgreSQL server's), from Linux's /proc. Unlike wall-clock latencies, the CPU a request costs holds when other work shares the cores, so the figures
 * can tell two builds apart on a loaded machine. Empty where /proc is not there (not Linux).
 */
public final class CpuSeconds {
    // /proc reports times in USER_HZ, which Linux fixes at 100 for user space whatever the kernel's own tick rate.
    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    private CpuSeconds() {
    }

    /** The CPU seconds process {@code pid} (all its threads) has used, if /proc has it. */
    public static OptionalDouble ofProcess(long pid) {
        return inSystem(pid, false);
    }

    /** Of {@link #ofProcess}, the seconds in the kernel (system time: system calls, the network, waking threads). */
    public static OptionalDouble ofProcessInSystem(long pid) {
        return inSystem(pid, true);
    }

    private static OptionalDouble inSystem(long pid, boolean systemOnly) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            return OptionalDouble.of((systemOnly ? systemTicks(stat) : ticks(stat)) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** The CPU seconds the processes {@code pids} now running have used together (one that ended counts 0). */
    public static OptionalDouble ofProcesses(Collection<Long> pids) {
        if (pids.isEmpty()) {
            return OptionalDouble.empty();
        }
        double seconds = 0;
        for (long pid : pids) {
            OptionalDouble one = ofProcess(pid);
            if (one.isEmpty() && !Files.isDirectory(PROC)) {
                return OptionalDouble.empty();
            }
            seconds += one.orElse(0);
        }
        return OptionalDouble.of(seconds);
    }

    // utime + stime: fields 14 and 15 of /proc/<pid>/stat, counted after the command name's closing parenthesis (the
    // name itself may hold spaces).
    // Visible for testing
    static long ticks(String stat) {
        String[] fields = fields(stat);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    // stime alone.
    private static long systemTicks(String stat) {
        return Long.parseLong(fields(stat)[12]);
    }

    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}
