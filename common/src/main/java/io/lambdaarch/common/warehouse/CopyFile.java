package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * One file of a {@link CopySource}.
 *
 * @param key the object's key in the bucket
 * @param rows the rows it must load, when known; a COPY that loads another number fails
 */
public record CopyFile(String key, OptionalLong rows) {
    public CopyFile {
        requireNonNull(key, "key is null");
        requireNonNull(rows, "rows is null");
    }
}
