package io.lambdaarch.common.warehouse;

/** Hears about each part of a COPY once the warehouse has loaded it (a file, or a whole manifest), for progress lines. */
@FunctionalInterface
public interface CopyListener {
    void loaded(String url, long rows);
}
