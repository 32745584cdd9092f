package io.lambdaarch.demo.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.event.TweetEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewSnapshotTest {
    private static TweetEvent event(String id, String createdAt, String location, long followers, long favorites, long retweets) {
        return new TweetEvent(id, Instant.parse(createdAt), null, followers, location, favorites, retweets, null, null, null);
    }

    @Test
    void shouldGroupEventsByUtcHourAndLocation() {
        Map<ViewKey, Measures> groups = new HashMap<>();
        ViewSnapshot.accumulate(groups, event("1", "2026-11-26T09:00:00Z", "Berlin", 10, 1, 0));
        ViewSnapshot.accumulate(groups, event("2", "2026-11-26T09:59:59.999999Z", "Berlin", 5, 2, 3));
        ViewSnapshot.accumulate(groups, event("3", "2026-11-26T10:00:00Z", "Berlin", 7, 0, 0));
        ViewSnapshot.accumulate(groups, event("4", "2026-11-26T09:30:00Z", "Paris", 1, 1, 1));

        ViewSnapshot view = new ViewSnapshot(groups);

        assertThat(view.groups()).containsOnly(
                Map.entry(new ViewKey(Instant.parse("2026-11-26T09:00:00Z"), "Berlin"), Measures.of(2, 15, 3, 3)),
                Map.entry(new ViewKey(Instant.parse("2026-11-26T10:00:00Z"), "Berlin"), Measures.of(1, 7, 0, 0)),
                Map.entry(new ViewKey(Instant.parse("2026-11-26T09:00:00Z"), "Paris"), Measures.of(1, 1, 1, 1)));
        assertThat(view.total()).isEqualTo(Measures.of(4, 23, 4, 4));
        assertThat(view.byLocation()).containsOnly(
                Map.entry("Berlin", Measures.of(3, 22, 3, 3)), Map.entry("Paris", Measures.of(1, 1, 1, 1)));
    }

    @Test
    void shouldCountGroupsThatDifferOrAreMissingOnEitherSide() {
        ViewKey nine = new ViewKey(Instant.parse("2026-11-26T09:00:00Z"), "Berlin");
        ViewKey ten = new ViewKey(Instant.parse("2026-11-26T10:00:00Z"), "Berlin");
        ViewKey eleven = new ViewKey(Instant.parse("2026-11-26T11:00:00Z"), "Berlin");
        ViewSnapshot truth = new ViewSnapshot(Map.of(nine, Measures.of(1, 1, 1, 1), ten, Measures.of(2, 2, 2, 2)));
        ViewSnapshot actual = new ViewSnapshot(Map.of(nine, Measures.of(1, 1, 1, 1), ten, Measures.of(2, 2, 2, 3),
                eleven, Measures.of(1, 0, 0, 0)));

        assertThat(truth.differingGroups(actual)).isEqualTo(2);
        assertThat(truth.differingGroups(truth)).isZero();
    }
}
