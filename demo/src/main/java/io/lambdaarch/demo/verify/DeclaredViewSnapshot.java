package io.lambdaarch.demo.verify;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import java.math.BigInteger;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Any declared view, whole: its groups (dimension values in order, time dimensions as instants) and their measures,
 * from the truth or read back from its serving view. {@link #accumulate} is the independent truth: plain Java over
 * the workload's events, none of the pipeline's SQL or Spark code.
 */
public record DeclaredViewSnapshot(NamedView view, Map<List<Object>, List<BigInteger>> groups) {
    /** What a view groups an event without a lang by, as docs/design.md#the-views-file says. */
    private static final String NO_LANG = "und";
    private static final int LANG_CODE_POINTS = 256;

    public DeclaredViewSnapshot {
        requireNonNull(view, "view is null");
        groups = Map.copyOf(requireNonNull(groups, "groups is null"));
    }

    /** Adds one valid, first-copy event to a view under construction. */
    public static void accumulate(NamedView view, Map<List<Object>, List<BigInteger>> groups, TweetEvent event) {
        List<Object> key = new ArrayList<>();
        for (Dimension d : view.definition().dimensions()) {
            key.add(switch (d.grain()) {
                case HOUR -> event.createdAt().truncatedTo(ChronoUnit.HOURS);
                case DAY -> event.createdAt().truncatedTo(ChronoUnit.DAYS);
                case NONE -> text(d.sourceColumn(), event);
            });
        }
        List<BigInteger> measures = new ArrayList<>();
        for (Measure m : view.definition().measures()) {
            measures.add(switch (m.aggregation()) {
                case COUNT -> BigInteger.ONE;
                case SUM -> BigInteger.valueOf(number(m.sourceColumn(), event));
            });
        }
        groups.merge(List.copyOf(key), List.copyOf(measures), DeclaredViewSnapshot::plus);
    }

    /** The sum of measure {@code index} over every group. */
    public BigInteger total(int index) {
        return groups.values().stream().map(m -> m.get(index)).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** How many groups' measures differ between this snapshot and {@code other} (missing on one side counts). */
    public long differingGroups(DeclaredViewSnapshot other) {
        Set<List<Object>> keys = new HashSet<>(groups.keySet());
        keys.addAll(other.groups.keySet());
        return keys.stream().filter(k -> !java.util.Objects.equals(groups.get(k), other.groups.get(k))).count();
    }

    /** An empty snapshot's groups, to accumulate into. */
    public static Map<List<Object>, List<BigInteger>> newGroups() {
        return new HashMap<>();
    }

    private static String text(String field, TweetEvent event) {
        return switch (field) {
            case "location" -> event.location();
            case "lang" -> event.lang() == null ? NO_LANG : event.lang().codePoints().limit(LANG_CODE_POINTS)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            default -> throw new IllegalArgumentException("not a text field of the event: " + field);
        };
    }

    private static long number(String field, TweetEvent event) {
        return switch (field) {
            case "followers_count" -> event.followersCount();
            case "favorite_count" -> event.favoriteCount();
            case "retweet_count" -> event.retweetCount();
            default -> throw new IllegalArgumentException("not a number field of the event: " + field);
        };
    }

    private static List<BigInteger> plus(List<BigInteger> a, List<BigInteger> b) {
        List<BigInteger> sum = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            sum.add(a.get(i).add(b.get(i)));
        }
        return List.copyOf(sum);
    }
}
