package io.lambdaarch.serving;

import static io.lambdaarch.serving.ApiClient.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The API ranges the serving answer tests ask about: open ends, then random ranges of every kind the serving issue
 * names (aligned on hours, ragged ends, inside one hour, spanning months, across the cutoff), in turn.
 *
 * @param start the workload's first hour
 * @param days how many days of history the workload has from {@code start}
 * @param cutoff the batch cutoff of the workload
 * @param monthSpanDays the least number of days after {@code start} a range spanning months ends at
 */
record RandomRanges(Instant start, int days, Instant cutoff, int monthSpanDays) {

    /** {@code count} random ranges after the three open-ended ones, drawn from {@code random}. */
    List<Map<String, String>> draw(Random random, int count) {
        List<Map<String, String>> ranges = new ArrayList<>();
        ranges.add(Map.of());
        ranges.add(query("from", cutoff.minus(Duration.ofDays(2)).toString()));
        ranges.add(query("to", start.plus(Duration.ofDays(40)).toString()));
        for (int i = 0; i < count; i++) {
            Instant from;
            Instant to;
            switch (i % 5) {
                case 0 -> { // aligned on hours
                    from = start.plus(Duration.ofHours(random.nextInt(days * 24)));
                    to = from.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
                }
                case 1 -> { // ragged ends
                    from = start.plus(Duration.ofSeconds(random.nextInt(days * 24 * 3600)));
                    to = from.plus(Duration.ofSeconds(1 + random.nextInt(24 * 3600 * 9)));
                }
                case 2 -> { // inside one hour: no hour starts in it unless it starts on the hour
                    Instant hour = start.plus(Duration.ofHours(random.nextInt(days * 24)));
                    int minute = random.nextInt(2) * (1 + random.nextInt(30));
                    from = hour.plus(Duration.ofMinutes(minute));
                    to = hour.plus(Duration.ofMinutes(minute + 1 + random.nextInt(59 - minute)));
                }
                case 3 -> { // spanning months
                    from = start.minus(Duration.ofDays(random.nextInt(40))).plusSeconds(random.nextInt(3600));
                    to = start.plus(Duration.ofDays(monthSpanDays + random.nextInt(80)));
                }
                default -> { // across the cutoff
                    from = cutoff.minus(Duration.ofMinutes(1 + random.nextInt(60 * 24 * 4)));
                    to = cutoff.plus(Duration.ofMinutes(1 + random.nextInt(60 * 30)));
                }
            }
            ranges.add(query("from", from.toString(), "to", to.toString()));
        }
        return ranges;
    }
}
