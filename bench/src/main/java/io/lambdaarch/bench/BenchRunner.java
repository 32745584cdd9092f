package io.lambdaarch.bench;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.config.BenchSettings;
import io.lambdaarch.bench.config.FigureGroup;
import io.lambdaarch.bench.figures.BatchFigures;
import io.lambdaarch.bench.figures.IncrementalFigure;
import io.lambdaarch.bench.figures.BenchContext;
import io.lambdaarch.bench.figures.IngestionFigure;
import io.lambdaarch.bench.figures.Progress;
import io.lambdaarch.bench.figures.ServingFigure;
import io.lambdaarch.bench.figures.SpeedFigure;
import io.lambdaarch.bench.kafka.KafkaTools;
import io.lambdaarch.bench.report.BenchReport;
import io.lambdaarch.bench.report.BenchRun;
import io.lambdaarch.bench.report.Figure;
import io.lambdaarch.bench.report.LoadMonitor;
import io.lambdaarch.bench.report.Machine;
import io.lambdaarch.bench.stack.BenchStack;
import io.lambdaarch.bench.stack.ChildEnvironment;
import io.lambdaarch.bench.workload.BenchEvents;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.files.Directories;
import io.lambdaarch.demo.process.ServiceLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One bench: for each of its runs, starts the bench's own stack, measures every figure in turn (ingestion, landing
 * and recompute at each size, serving, then the speed layer, which needs the machine most), and returns the report
 * of all runs. A figure that fails is reported as such and the run goes on with the next.
 *
 * <p>With {@code --runs N}, each run is a whole run as a single one is, on a fresh stack in a directory of its own
 * ({@code run-1}, ...): no run inherits the topics, tables or warm caches of the one before, so the spread between
 * runs is what a user would see from one run to the next. A run's stack data is deleted when the run ends (its logs are
 * kept).
 */
public final class BenchRunner {
    /** Marks a work directory as the bench's, so wiping it at the start of a run never deletes anything else. */
    static final String MARKER = ".lambda-bench";

    private final BenchSettings settings;
    private final int runs;
    private final Progress progress;
    private final Map<String, String> parentEnvironment;

    public BenchRunner(BenchSettings settings, int runs, PrintWriter out, Map<String, String> parentEnvironment) {
        this.settings = requireNonNull(settings, "settings is null");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1: " + runs);
        }
        this.runs = runs;
        this.progress = new Progress(requireNonNull(out, "out is null"));
        this.parentEnvironment = Map.copyOf(parentEnvironment);
    }

    public BenchReport run() throws InterruptedException, IOException {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        Machine machine = Machine.current();
        try (LoadMonitor load = new LoadMonitor()) {
            prepareWorkDir(settings.workDir());
            Map<String, String> inherited = ChildEnvironment.neutral(parentEnvironment);
            settings.viewsFile().ifPresent(file -> inherited.put("LAMBDA_VIEWS_FILE", file.toString()));
            List<BenchRun> done = new ArrayList<>();
            for (int number = 1; number <= runs; number++) {
                BenchSettings run = runs == 1 ? settings : settings.withWorkDir(settings.workDir().resolve("run-" + number));
                done.add(runOnce(number, run, machine, inherited));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            Map<String, String> parameters = new LinkedHashMap<>(settings.describe());
            parameters.put("--runs", Integer.toString(runs));
            return new BenchReport(startedAt, elapsed, machine, load.summary(), parameters, done, notes());
        }
    }

    private BenchRun runOnce(int number, BenchSettings run, Machine machine, Map<String, String> inherited)
            throws InterruptedException, IOException {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        try (LoadMonitor load = new LoadMonitor()) {
            Files.createDirectories(run.workDir());
            Path logs = run.workDir().resolve("logs");
            ServiceLauncher launcher = new ServiceLauncher(run.home(), logs, inherited);
            progress.say("bench%s: %s, load average %s; starting a stack of its own (logs in %s)",
                    runs == 1 ? "" : String.format(Locale.ROOT, " run %d of %d", number, runs), machine.coresAndMemory(),
                    load.summary().atStart().describe(), logs);
            List<Figure> figures = new ArrayList<>();
            try (BenchStack stack = BenchStack.start(launcher, run.workDir().resolve("data"), run.workDir().resolve("stack.env"),
                    inherited)) {
                BenchContext context = new BenchContext(run, stack, launcher, new KafkaTools(logs, run.home(), inherited),
                        new BenchEvents(run.seed(), startedAt.truncatedTo(ChronoUnit.SECONDS)), progress);
                measureAll(context, figures);
            }
            if (runs > 1) {
                // Gigabytes of Kafka logs and tables per run; the next run starts on a stack of its own anyway.
                Directories.deleteRecursively(run.workDir().resolve("data"));
            }
            return new BenchRun(number, Duration.ofNanos(System.nanoTime() - started), load.summary(), figures);
        }
    }

    private void measureAll(BenchContext context, List<Figure> figures) throws InterruptedException {
        if (settings.measures(FigureGroup.INGESTION)) {
            try {
                figures.add(new IngestionFigure(context).measure(context.stack().sandbox("ingestion")));
            } catch (RuntimeException e) {
                figures.add(IngestionFigure.failed(reason(e)));
            }
        }
        if (settings.measures(FigureGroup.BATCH)) {
            try {
                figures.addAll(new BatchFigures(context).measure(context.stack().sandbox("events")));
            } catch (RuntimeException | SQLException e) {
                figures.addAll(BatchFigures.failed(reason(e)));
            }
        }
        if (settings.measures(FigureGroup.INCREMENTAL)) {
            try {
                figures.addAll(new IncrementalFigure(context).measure(context.stack().sandbox("incremental")));
            } catch (RuntimeException | SQLException e) {
                figures.addAll(IncrementalFigure.failed(reason(e)));
            }
        }
        if (settings.measures(FigureGroup.SERVING)) {
            try {
                figures.addAll(new ServingFigure(context).measure());
            } catch (RuntimeException | SQLException e) {
                figures.addAll(ServingFigure.failed(reason(e)));
            }
        }
        if (settings.measures(FigureGroup.SPEED)) {
            try {
                figures.addAll(new SpeedFigure(context).measure());
            } catch (RuntimeException | SQLException e) {
                figures.addAll(SpeedFigure.failed(reason(e)));
            }
        }
    }

    private String reason(Exception e) {
        String message = e instanceof TerseException ? e.getMessage() : Failures.rootMessage(e);
        progress.say("FAILED: %s", message);
        return message;
    }

    private List<String> notes() {
        return List.of(
                "Every figure's baseline ran in the same run on the same data; services ran as their own processes"
                        + " through ./lambda (stack, ingest, batch, serve, speed), the Kafka tools in JVMs of their own.",
                "The stack is ./lambda stack on free ports with fsync on (as a user runs it); every figure has its own topic"
                        + " and database. Timings are from " + (runs == 1 ? "one run" : runs + " runs, each on a fresh stack,")
                        + " on a machine shared with other work: see the load average.");
    }

    /** Wipes the work directory, which must be new, empty, or one an earlier run marked as the bench's. */
    private static void prepareWorkDir(Path workDir) throws IOException {
        if (Files.isDirectory(workDir)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(workDir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(workDir.resolve(MARKER))) {
                throw new TerseException("--work-dir " + workDir + " is not empty and was not made by the bench; give an empty"
                        + " or new directory (the bench wipes it)");
            }
            Directories.deleteRecursively(workDir);
        }
        Files.createDirectories(workDir);
        Files.writeString(workDir.resolve(MARKER), "Work directory of ./lambda bench; wiped at the start of every run.\n");
    }
}
