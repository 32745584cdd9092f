package io.lambdaarch.demo.fault.harness;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.demo.status.ServingApiClient;
import io.lambdaarch.demo.verify.Measures;
import io.lambdaarch.demo.verify.ServingViewReader;
import io.lambdaarch.demo.verify.ViewKey;
import io.lambdaarch.demo.verify.ViewSnapshot;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The end of every fault scenario: waits (bounded) until serving_view, read back with SQL, equals the truth group by
 * group, and the serving API's totals equal the truth's totals with the expected {@code complete} flag. On timeout it
 * fails with the difference and the tails of the services' logs.
 */
public final class ExactnessCheck {
    private static final int SHOWN_GROUPS = 15;

    private final ServingViewReader view;
    private final Supplier<ServingApiClient> api;
    private final ServiceRunner services;
    private final PrintStream out;

    public ExactnessCheck(ServingViewReader view, Supplier<ServingApiClient> api, ServiceRunner services, PrintStream out) {
        this.view = requireNonNull(view, "view is null");
        this.api = requireNonNull(api, "api is null");
        this.services = requireNonNull(services, "services is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** What one look at serving_view and the API found. */
    private record Observation(ViewSnapshot actual, JsonNode totals, String failure) {
        static Observation failed(String failure) {
            return new Observation(null, null, failure);
        }
    }

    /**
     * Waits up to {@code timeout} until the answer is exact and the API says {@code complete} as expected; fails with
     * the difference otherwise.
     */
    public void awaitExact(String step, ViewSnapshot truth, boolean complete, Duration timeout) {
        long started = System.nanoTime();
        Observation[] last = {Observation.failed("not checked yet")};
        try {
            Awaitility.await(step).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        last[0] = observe();
                        return isExact(truth, complete, last[0]);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: serving_view and the API (complete: %s) did not equal the"
                    + " truth within %d s.%n%s%s", step, complete, timeout.toSeconds(), difference(truth, last[0]),
                    services.tails(25)), e);
        }
        Measures total = truth.total();
        out.printf(Locale.ROOT, "[fault] %s: exact after %.1f s (%,d events in %,d groups; followers %,d)%n", step,
                (System.nanoTime() - started) / 1e9, total.tweetCount(), truth.groups().size(), total.followersSum());
    }

    private Observation observe() {
        ViewSnapshot actual;
        try {
            actual = view.read();
        } catch (Exception e) {
            return Observation.failed("serving_view unreadable: " + e.getMessage());
        }
        try {
            return new Observation(actual, api.get().totals(), null);
        } catch (Exception e) {
            return new Observation(actual, null, "API /api/totals: " + e.getMessage());
        }
    }

    private static boolean isExact(ViewSnapshot truth, boolean complete, Observation seen) {
        if (seen.failure() != null || truth.differingGroups(seen.actual()) != 0) {
            return false;
        }
        JsonNode flag = seen.totals().path("complete");
        return apiTotals(seen.totals()).equals(truth.total()) && flag.isBoolean() && flag.booleanValue() == complete;
    }

    /** The totals of an answer of the API, exact; a missing or non-integral measure reads as -1. */
    public static Measures apiTotals(JsonNode answer) {
        JsonNode totals = answer.path("totals");
        return new Measures(exact(totals.path("tweet_count")), exact(totals.path("followers_sum")),
                exact(totals.path("favorites_sum")), exact(totals.path("retweets_sum")));
    }

    // The API's sums are JSON integers of any size (NUMERIC(38, 0) in the warehouse); -1 when missing.
    private static BigInteger exact(JsonNode value) {
        return value.isIntegralNumber() ? value.bigIntegerValue() : BigInteger.ONE.negate();
    }

    private static String difference(ViewSnapshot truth, Observation seen) {
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "truth: %s in %,d groups%n", truth.total(), truth.groups().size()));
        if (seen.actual() != null) {
            ViewSnapshot actual = seen.actual();
            List<ViewKey> differing = truth.differingKeys(actual);
            report.append(String.format(Locale.ROOT, "serving_view: %s in %,d groups; %,d groups differ%n", actual.total(),
                    actual.groups().size(), differing.size()));
            for (ViewKey key : differing.subList(0, Math.min(SHOWN_GROUPS, differing.size()))) {
                report.append(String.format(Locale.ROOT, "  %s %s: expected %s, actual %s%n", key.eventHour(), key.location(),
                        truth.groups().getOrDefault(key, Measures.ZERO), actual.groups().getOrDefault(key, Measures.ZERO)));
            }
        }
        if (seen.totals() != null) {
            report.append("API totals: ").append(seen.totals().path("totals")).append(", complete ")
                    .append(seen.totals().path("complete")).append(", freshness ").append(seen.totals().path("freshness"))
                    .append(System.lineSeparator());
        }
        if (seen.failure() != null) {
            report.append("last problem: ").append(seen.failure()).append(System.lineSeparator());
        }
        return report.toString();
    }
}
