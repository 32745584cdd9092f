package io.lambdaarch.common.event;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A microbenchmark of ingestion's per-record work on the validator's side: validate one record's bytes and write its
 * canonical form, over records shaped like the synthetic workload's. Not a test (no assertions on time, which would be
 * flaky on a shared machine); it reports the thread's CPU time per record too, which a loaded machine disturbs less
 * than wall time. Run it by hand:
 * <pre>
 * java -cp common/target/classes:common/target/test-classes:$(cat cp.txt) io.lambdaarch.common.event.EventValidatorBenchmark
 * </pre>
 */
public final class EventValidatorBenchmark {
    private static final String[] PLACES = {"Berlin, Germany", "  Tokyo,\tJapan ", "São Paulo, Brazil", "New York, NY",
        "Lagos", "東京都", "Paris 🇫🇷", "unknown"};

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EventValidatorBenchmark() {
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        // "all" (validate and write, what ingestion does per record), "validate" or "write" alone, to see where time goes
        String part = args.length > 2 ? args[2] : "all";
        byte[][] input = new byte[records][];
        for (int i = 0; i < records; i++) {
            input[i] = record(i).getBytes(StandardCharsets.UTF_8);
        }
        EventValidator validator = new EventValidator();
        EventJson json = new EventJson();
        TweetEvent[] events = new TweetEvent[records];
        for (int i = 0; i < records; i++) {
            events[i] = ((ValidationResult.Valid) validator.validate(input[i])).event();
        }
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long started = System.nanoTime();
            long cpuStarted = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < records; i++) {
                switch (part) {
                    case "validate" -> sink += validator.validate(input[i]).hashCode();
                    case "write" -> sink += json.toBytes(events[i]).length;
                    default -> sink += json.toBytes(((ValidationResult.Valid) validator.validate(input[i])).event()).length;
                }
            }
            long nanos = System.nanoTime() - started;
            long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStarted;
            System.out.printf(Locale.ROOT, "round %d: %.0f ns/record wall, %.0f ns/record CPU (%.0f records/s per core)%n",
                    round, (double) nanos / records, (double) cpuNanos / records, records * 1e9 / cpuNanos);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static String record(int i) {
        long id = 1_000_000_000_000_000_000L + i;
        String place = PLACES[i % PLACES.length];
        return "{\"v\":1,\"id\":\"" + id + "\",\"created_at\":\"2026-11-26T" + String.format(Locale.ROOT, "%02d:%02d:%02d", i % 24,
                i % 60, (i / 60) % 60) + "Z\",\"user\":{\"id\":\"" + (i % 100_000) + "\",\"followers_count\":" + (i % 5000)
                + ",\"location\":\"" + place.replace("\t", "\\t") + "\"},\"favorite_count\":" + (i % 17) + ",\"retweet_count\":"
                + (i % 5) + ",\"lang\":\"en\",\"text\":\"synthetic post number " + i + " about #lambda\",\"source\":\"synthetic\"}";
    }
}
