package io.lambdaarch.localstack.postgres;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The operating system and processor the embedded PostgreSQL runs on, and what that needs: which of zonky's binary
 * archives, and whether PostgreSQL has to run in a user namespace ({@code unshare -U}) because the JVM runs as root,
 * which PostgreSQL refuses. That applies on Linux as root only; zonky takes the same decision
 * (io.zonky.test.db.postgres.util.LinuxUtils), this class says so before it, with a clear message when it cannot.
 *
 * @param os zonky's name of the operating system: {@code linux}, {@code darwin} or {@code windows}
 * @param arch zonky's name of the processor: {@code x86_64} or {@code arm_64}
 * @param root whether the process runs as root (uid 0; {@link #current()} only looks on Linux)
 */
public record PostgresPlatform(String os, String arch, boolean root) {
    /** The platforms local-stack ships PostgreSQL 17 binaries for (local-stack/pom.xml). */
    public static final List<PostgresPlatform> SHIPPED = List.of(
            new PostgresPlatform("linux", "x86_64", false),
            new PostgresPlatform("linux", "arm_64", false),
            new PostgresPlatform("darwin", "x86_64", false),
            new PostgresPlatform("darwin", "arm_64", false),
            new PostgresPlatform("windows", "x86_64", false));

    public PostgresPlatform {
        requireNonNull(os, "os is null");
        requireNonNull(arch, "arch is null");
    }

    /** The platform of this JVM. */
    public static PostgresPlatform current() {
        String osName = System.getProperty("os.name", "");
        return of(osName, System.getProperty("os.arch", ""), isLinux(osName) && linuxUid().orElse(-1) == 0);
    }

    /** From the JVM's {@code os.name} and {@code os.arch}, as zonky's resolver reads them. */
    public static PostgresPlatform of(String osName, String osArch, boolean root) {
        String lower = osName.toLowerCase(Locale.ROOT);
        String os;
        if (lower.startsWith("windows")) {
            os = "windows";
        } else if (lower.startsWith("mac") || lower.startsWith("darwin")) {
            os = "darwin";
        } else if (isLinux(osName)) {
            os = "linux";
        } else {
            os = lower.replace(' ', '_');
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return new PostgresPlatform(os, arch, root);
    }

    /** The binaries' resource in zonky's jar for this platform, e.g. {@code postgres-darwin-arm_64.txz}. */
    public String archive() {
        return "postgres-" + os + "-" + arch + ".txz";
    }

    /** True when PostgreSQL must run in a user namespace ({@code unshare -U}): Linux as root, nowhere else. */
    public boolean needsUserNamespace() {
        return root && os.equals("linux");
    }

    public boolean isShipped() {
        return SHIPPED.stream().anyMatch(shipped -> shipped.os.equals(os) && shipped.arch.equals(arch));
    }

    /** What the user reads when the embedded PostgreSQL cannot run here. */
    public String unsupportedMessage() {
        return String.format(Locale.ROOT, "The embedded PostgreSQL has no binaries for %s/%s (%s is not in this jar); "
                + "local-stack ships them for linux x86_64 and arm_64, macOS x86_64 and arm_64, and Windows x86_64",
                os, arch, archive());
    }

    private static boolean isLinux(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** The process's uid from the owner of /proc/self (Linux only). */
    private static Optional<Integer> linuxUid() {
        try {
            return Optional.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
