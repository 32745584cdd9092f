package io.lambdaarch.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version the running jar was built as, from the build.properties Maven filters into common. */
public final class BuildVersion {
    /** Printed when the classes were not built by Maven (e.g. compiled by an IDE without resource filtering). */
    public static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "build.properties";

    private BuildVersion() {
    }

    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = properties.getProperty("version", UNKNOWN).strip();
        return version.isEmpty() || version.contains("${") ? UNKNOWN : version;
    }

    /** What {@code --version} prints for the command named {@code command}, e.g. {@code batch status}. */
    public static String[] versionLines(String command) {
        return new String[] {
                command + " (lambda-arch) " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
