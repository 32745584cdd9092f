package io.lambdaarch.serving.cache;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/**
 * An answer as the response cache holds it: the value, and the API's rendering of it (its JSON), made by the first
 * request that needs it and handed to every later one, so a hit writes no JSON for its data. The rendering depends on
 * the value alone, which never changes: it is as exact as the value.
 *
 * @param <T> the answer's type
 */
public final class Cached<T> {
    private final T value;
    private final int rows;
    // Benign race: two requests rendering at once both render the same bytes, and either is kept.
    private volatile Object rendered;

    Cached(T value, int rows) {
        this.value = requireNonNull(value, "value is null");
        this.rows = rows;
    }

    public T value() {
        return value;
    }

    /** How many rows (locations, points or totals) the answer has: its weight against the cache's bound. */
    int rows() {
        return rows;
    }

    /**
     * {@code render} of the value, made once per answer. Every caller of one kind of answer must pass the same
     * rendering (the API does: one per endpoint), since the first one made is the one kept.
     */
    @SuppressWarnings("unchecked")
    public <R> R rendered(Function<? super T, ? extends R> render) {
        Object made = rendered;
        if (made == null) {
            made = requireNonNull(render.apply(value), "a rendering is null");
            rendered = made;
        }
        return (R) made;
    }
}
