package io.lambdaarch.speed.checkpoint;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.error.TerseException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the speed job's Spark checkpoint lives, and what that place needs from Spark.
 *
 * <p>A relative path is resolved against the driver's working directory. Under {@code local[*]} that is the one
 * machine; on a cluster each driver host (and, in cluster deploy mode, each launch) would get a checkpoint of its own
 * and the job would start over from the retention window every time, so it is refused there.
 *
 * <p>On S3 ({@code s3a://}) Spark's default checkpoint file manager writes a temporary file and renames it, and an S3
 * rename is a copy and a delete: not atomic, and slow. Spark's spark-hadoop-cloud module has
 * {@code AbortableStreamBasedCheckpointFileManager}, which writes the final object in one PUT and aborts the upload on
 * failure. The Spark 3.5 build carries it; the Spark 4 build has none (no spark-hadoop-cloud for 4.1 or 4.2 on Maven
 * Central), so it is used exactly when its class is on the classpath (docs/speed-layer.md, "Checkpoint on S3").
 */
public final class CheckpointLocation {
    static final String FILE_MANAGER_CONF = "spark.sql.streaming.checkpointFileManagerClass";
    static final String ABORTABLE_FILE_MANAGER = "org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager";

    private final String location;
    private final Setting<String> setting;

    public CheckpointLocation(String location, Setting<String> setting) {
        this.location = requireNonNull(location, "location is null");
        this.setting = requireNonNull(setting, "setting is null");
    }

    /** Fails with one line naming the setting when the location is relative and {@code master} is not local. */
    public void requireUsableOn(String master) {
        requireNonNull(master, "master is null");
        if (isRelative() && !master.toLowerCase(Locale.ROOT).startsWith("local")) {
            throw new TerseException("Invalid value " + location + " for " + setting + ": a relative checkpoint on master "
                    + master + " would live in each driver's working directory; give a shared absolute location"
                    + " such as s3a://bucket/checkpoints/speed or hdfs:///checkpoints/speed");
        }
    }

    /** The Spark settings this location needs: the abortable file manager on S3 when this build has it. */
    public Map<String, String> sparkConf() {
        if (isS3() && abortableFileManagerPresent()) {
            return Map.of(FILE_MANAGER_CONF, ABORTABLE_FILE_MANAGER);
        }
        return Map.of();
    }

    public String location() {
        return location;
    }

    boolean isS3() {
        return scheme().filter(s -> s.equals("s3a") || s.equals("s3") || s.equals("s3n")).isPresent();
    }

    boolean isRelative() {
        return scheme().isEmpty() && !Path.of(location).isAbsolute();
    }

    private Optional<String> scheme() {
        try {
            return Optional.ofNullable(new URI(location).getScheme()).map(s -> s.toLowerCase(Locale.ROOT))
                    // A Windows drive letter is no scheme.
                    .filter(s -> s.length() > 1);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean abortableFileManagerPresent() {
        try {
            Class.forName(ABORTABLE_FILE_MANAGER, false, CheckpointLocation.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
