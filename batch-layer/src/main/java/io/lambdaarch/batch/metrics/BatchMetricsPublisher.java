package io.lambdaarch.batch.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.LandingRun;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Leaves a finished command's metrics where Prometheus can read them after the process is gone: files for
 * node_exporter's textfile collector and/or a push to a Pushgateway. Each command has two groups, replaced as a whole:
 * {@code lambda_batch_<command>} (the latest run, whatever its outcome) and {@code lambda_batch_<command>_success}
 * (only {@code lambda_batch_last_success_timestamp_seconds}, rewritten by successful runs only, so a failure never
 * hides when the job last worked). A publishing failure is one warning line: metrics never fail a committed run.
 */
public final class BatchMetricsPublisher {
    /** The Pushgateway job label; the command is a second grouping label. */
    public static final String JOB = "lambda_batch";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final BatchMetricsSettings settings;
    private final Supplier<HttpClient> httpClients;
    private final PrintWriter out;

    public BatchMetricsPublisher(BatchMetricsSettings settings, Supplier<HttpClient> httpClients, PrintWriter out) {
        this.settings = requireNonNull(settings, "settings is null");
        this.httpClients = requireNonNull(httpClients, "httpClients is null");
        this.out = requireNonNull(out, "out is null");
    }

    public void publish(BatchRunReport report) {
        requireNonNull(report, "report is null");
        if (settings.textfileDirectory().isEmpty() && settings.pushgateway().isEmpty()) {
            return;
        }
        List<Group> groups = new ArrayList<>();
        groups.add(new Group(groupName(report.command(), false), runMetrics(report)));
        if (report.outcome() == RunOutcome.SUCCEEDED) {
            groups.add(new Group(groupName(report.command(), true), successMetrics(report)));
        }
        for (Group group : groups) {
            settings.textfileDirectory().ifPresent(directory -> writeQuietly(directory, group));
            settings.pushgateway().ifPresent(url -> pushQuietly(url, report.command(), group));
        }
    }

    /** The latest run's series in the Prometheus text format. */
    // Visible for testing
    static String runMetrics(BatchRunReport report) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Tags command = Tags.of("command", report.command());
        for (RunOutcome outcome : RunOutcome.values()) {
            double value = outcome == report.outcome() ? 1 : 0;
            gauge(registry, "lambda.batch.run.outcome", "1 for how the latest run ended, 0 for the others",
                    command.and("outcome", outcome.label()), null, value);
        }
        gauge(registry, "lambda.batch.run.started.timestamp", "when the latest run started (Unix time)", command,
                "seconds", seconds(report.startedAt()));
        gauge(registry, "lambda.batch.run.finished.timestamp", "when the latest run ended (Unix time)", command,
                "seconds", seconds(report.finishedAt()));
        gauge(registry, "lambda.batch.run.duration", "how long the latest run took", command, "seconds",
                report.duration().toMillis() / 1000.0);
        report.lockWait().ifPresent(wait -> gauge(registry, "lambda.batch.run.lock.wait",
                "time until the latest run held the warehouse lock or gave up on it (connecting included)", command,
                "seconds", wait.toMillis() / 1000.0));
        // The holder's id is a label so an alert can name the stuck run; one series per file, overwritten each run.
        report.lockHolder().ifPresent(holder -> holder.heldFor(report.finishedAt()).ifPresent(held -> gauge(registry,
                "lambda.batch.lock.held", "how long the run holding the warehouse lock had held it when the latest run gave up",
                command.and("holder", holder.who()), "seconds", held.toMillis() / 1000.0)));
        report.landing().ifPresent(landing -> landingMetrics(registry, command, landing));
        report.recompute().ifPresent(run -> recomputeMetrics(registry, command, run));
        return registry.scrape();
    }

    private static void landingMetrics(MeterRegistry registry, Tags command, LandingRun landing) {
        gauge(registry, "lambda.batch.run.rows.landed", "valid records the latest run landed into raw_batch", command,
                null, landing.validRecords());
        gauge(registry, "lambda.batch.run.rows.quarantined", "invalid records the latest run archived to quarantine/",
                command, null, landing.invalidRecords());
        gauge(registry, "lambda.batch.run.files", "archive files the latest run wrote", command, null, landing.files());
        gauge(registry, "lambda.batch.run.landed.through.timestamp",
                "landed_through of the latest run: every record ingested before it is in raw_batch", command, "seconds",
                seconds(landing.landedThrough()));
    }

    private static void recomputeMetrics(MeterRegistry registry, Tags command, BatchRun run) {
        gauge(registry, "lambda.batch.run.cutoff.timestamp",
                "cutoff of the latest recompute: batch_view counts events ingested before it", command, "seconds",
                seconds(run.cutoff()));
        gauge(registry, "lambda.batch.run.rows.recomputed", "first copies the latest recompute read (all before the cutoff if full, those since the previous cutoff if incremental)", command, null,
                run.rowsIn());
        gauge(registry, "lambda.batch.run.view.rows", "batch_view rows the latest recompute wrote (the whole view if full, the delta if incremental)", command, null,
                run.rowsOut());
    }

    // Visible for testing
    static String successMetrics(BatchRunReport report) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gauge(registry, "lambda.batch.last.success.timestamp", "when the latest successful run ended (Unix time)",
                Tags.of("command", report.command()), "seconds", seconds(report.finishedAt()));
        return registry.scrape();
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags, String unit, double value) {
        Gauge.builder(name, () -> value).description(description).tags(tags).baseUnit(unit).register(registry);
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    /** The file (without {@code .prom}) or Pushgateway group name of a command's metrics. */
    // Visible for testing
    static String groupName(String command, boolean success) {
        return JOB + "_" + command.replace('-', '_') + (success ? "_success" : "");
    }

    private record Group(String name, String text) {
    }

    // The textfile collector may read at any moment: write a temporary file next to the target, then rename it.
    private void writeQuietly(Path directory, Group group) {
        Path target = directory.resolve(group.name() + ".prom");
        Path temporary = directory.resolve("." + group.name() + ".prom.tmp");
        try {
            Files.writeString(temporary, group.text(), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            warn("could not write " + target + ": " + Failures.rootMessage(e) + " (" + BatchMetricsSettings.TEXTFILE_DIR + ")");
        }
    }

    // PUT replaces the whole group, so series of an earlier run that this one lacks (a cutoff, say) do not linger.
    private void pushQuietly(URI base, String command, Group group) {
        String job = group.name().endsWith("_success") ? JOB + "_success" : JOB;
        URI uri = URI.create(stripSlash(base.toString()) + "/metrics/job/" + encode(job) + "/command/" + encode(command));
        try {
            HttpResponse<String> response = httpClients.get().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString(group.text()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                warn("Pushgateway at " + uri + " answered " + response.statusCode() + ": " + response.body().strip());
            }
        } catch (IOException e) {
            warn("could not push to " + uri + ": " + Failures.rootMessage(e) + " (" + BatchMetricsSettings.PUSHGATEWAY + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warn("push to " + uri + " interrupted");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void warn(String message) {
        out.println("WARNING: metrics: " + message);
        out.flush();
    }
}
