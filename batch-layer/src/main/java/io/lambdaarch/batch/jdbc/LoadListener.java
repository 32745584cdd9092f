package io.lambdaarch.batch.jdbc;

/** Hears about each archive file once the warehouse has loaded it, for progress lines. */
@FunctionalInterface
public interface LoadListener {
    void loaded(String key, long rows);

    static LoadListener none() {
        return (key, rows) -> {
        };
    }
}
