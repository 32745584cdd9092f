package io.lambdaarch.ingestion.x;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * A filtered-stream rule (https://docs.x.com/x-api/posts/filtered-stream/integrate/build-a-rule).
 *
 * @param id the id X gave it, or null for a rule not yet added
 * @param value the rule itself, e.g. {@code has:geo lang:en}
 * @param tag a label X echoes in {@code matching_rules}, or null
 */
public record XRule(String id, String value, String tag) {
    public XRule {
        requireNonNull(value, "value is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a rule value must not be blank");
        }
    }

    /** True if both rules filter the same way under the same tag; ids do not matter. */
    public boolean sameAs(XRule other) {
        return value.equals(other.value) && Objects.equals(tag, other.tag);
    }
}
