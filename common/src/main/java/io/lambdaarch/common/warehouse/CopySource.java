package io.lambdaarch.common.warehouse;

import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Archive files to bulk-load, described by the layer that wrote them, in both forms a warehouse may read: streamed
 * by the client as CSV, or read from S3 by the warehouse itself through a manifest.
 */
public interface CopySource {
    /** The files, in load order. */
    List<CopyFile> files();

    /** The {@code s3://} URL of the object {@code key}, for messages. */
    String url(String key);

    /** Writes the rows of the file {@code key} to {@code out} as CSV lines, in the order of the COPY's columns. */
    void writeCsv(String key, OutputStream out) throws Exception;

    /** The {@code s3://} URL of a manifest listing exactly {@link #files()}. */
    String manifestUrl();

    /** The {@code s3://} URL of a JSONPaths file that maps one line of the files to the COPY's columns. */
    String jsonPathsUrl();

    /** The IAM role a warehouse reading S3 itself assumes. */
    Optional<String> iamRole();

    /** The bucket's region when it differs from the warehouse's (empty: the warehouse's own). */
    Optional<String> region();
}
