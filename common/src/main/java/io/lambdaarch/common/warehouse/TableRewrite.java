package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a warehouse replaces every row of a table in one transaction: run {@code prepare}, insert the new rows into
 * {@code target}, run {@code finish}.
 *
 * @param prepare statements before the insert (empty the table, or create a new one beside it)
 * @param target the table the new rows go into
 * @param finish statements after the insert (swap the new table in)
 */
public record TableRewrite(List<String> prepare, String target, List<String> finish) {
    public TableRewrite {
        prepare = List.copyOf(requireNonNull(prepare, "prepare is null"));
        requireNonNull(target, "target is null");
        finish = List.copyOf(requireNonNull(finish, "finish is null"));
    }
}
