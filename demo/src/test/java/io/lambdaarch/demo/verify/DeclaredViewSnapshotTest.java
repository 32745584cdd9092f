package io.lambdaarch.demo.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclaredViewSnapshotTest {
    private static final NamedView LANG_DAY = ViewCatalog.shipped().find("lang_day").orElseThrow();

    private static TweetEvent event(String id, String createdAt, String location, long retweets, String lang) {
        return new TweetEvent(id, Instant.parse(createdAt), null, 3, location, 2, retweets, lang, null, null);
    }

    private static List<BigInteger> measures(long... values) {
        return java.util.Arrays.stream(values).mapToObj(BigInteger::valueOf).toList();
    }

    @Test
    void shouldGroupTheShippedLangViewByUtcDayAndLangWithUndForNone() {
        Map<List<Object>, List<BigInteger>> groups = DeclaredViewSnapshot.newGroups();
        DeclaredViewSnapshot.accumulate(LANG_DAY, groups, event("1", "2026-11-26T00:00:00Z", "Oslo", 4, "nb"));
        DeclaredViewSnapshot.accumulate(LANG_DAY, groups, event("2", "2026-11-26T23:59:59.999Z", "Rome", 5, "nb"));
        DeclaredViewSnapshot.accumulate(LANG_DAY, groups, event("3", "2026-11-27T00:00:00Z", "Oslo", 1, "nb"));
        DeclaredViewSnapshot.accumulate(LANG_DAY, groups, event("4", "2026-11-26T12:00:00Z", "Oslo", 7, null));
        DeclaredViewSnapshot.accumulate(LANG_DAY, groups, event("5", "2026-11-26T12:00:00Z", "Oslo", 1, "😀".repeat(300)));

        DeclaredViewSnapshot view = new DeclaredViewSnapshot(LANG_DAY, groups);

        Instant day = Instant.parse("2026-11-26T00:00:00Z");
        assertThat(view.groups()).containsOnly(
                Map.entry(List.of(day, "nb"), measures(2, 9)),
                Map.entry(List.of(Instant.parse("2026-11-27T00:00:00Z"), "nb"), measures(1, 1)),
                Map.entry(List.of(day, "und"), measures(1, 7)),
                Map.entry(List.of(day, "😀".repeat(256)), measures(1, 1)));
        assertThat(view.total(0)).isEqualTo(BigInteger.valueOf(5));
        assertThat(view.total(1)).isEqualTo(BigInteger.valueOf(18));
    }

    @Test
    void shouldAgreeWithTheDefaultViewsOwnTruth() {
        NamedView defaultView = ViewCatalog.shipped().defaultView();
        Map<List<Object>, List<BigInteger>> groups = DeclaredViewSnapshot.newGroups();
        Map<ViewKey, Measures> truth = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            TweetEvent e = event(Integer.toString(i), "2026-11-26T0" + (i % 10) + ":1" + (i % 6) + ":00Z", i % 3 == 0 ? "Oslo" : "Rome",
                    i, "en");
            DeclaredViewSnapshot.accumulate(defaultView, groups, e);
            ViewSnapshot.accumulate(truth, e);
        }

        Map<List<Object>, List<BigInteger>> expected = new HashMap<>();
        truth.forEach((key, m) -> expected.put(List.of(key.eventHour(), key.location()),
                List.of(m.tweetCount(), m.followersSum(), m.favoritesSum(), m.retweetsSum())));
        assertThat(groups).isEqualTo(expected);
    }

    @Test
    void shouldCountGroupsThatDifferOrAreMissingOnEitherSide() {
        Instant day = Instant.parse("2026-11-26T00:00:00Z");
        DeclaredViewSnapshot truth = new DeclaredViewSnapshot(LANG_DAY, Map.of(List.of(day, "en"), measures(1, 1),
                List.of(day, "nb"), measures(2, 2)));
        DeclaredViewSnapshot actual = new DeclaredViewSnapshot(LANG_DAY, Map.of(List.of(day, "en"), measures(1, 1),
                List.of(day, "nb"), measures(2, 3), List.of(day, "ja"), measures(1, 0)));

        assertThat(truth.differingGroups(actual)).isEqualTo(2);
        assertThat(truth.differingGroups(truth)).isZero();
    }
}
