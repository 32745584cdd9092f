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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One bench run: starts the bench's own stack, measures every figure in turn (ingestion, landing and recompute at
 * each size, serving, then the speed layer, which needs the machine most), and returns the report. A figure that
 * fails is reported as such and the run goes on with the next.
 */
public final class BenchRunner {
    /** Marks a work directory as the bench's, so wiping it at the start of a run never deletes anything else. */
    static final String MARKER = ".lambda-bench";

    private final BenchSettings settings;
    private final Progress progress;
    private final Map<String, String> parentEnvironment;

    public BenchRunner(BenchSettings settings, PrintWriter out, Map<String, String> parentEnvironment) {
        this.settings = requireNonNull(settings, "settings is null");
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
            Path logs = settings.workDir().resolve("logs");
            ServiceLauncher launcher = new ServiceLauncher(settings.home(), logs, inherited);
            progress.say("bench: %s, load average %s; starting a stack of its own (logs in %s)", machine.coresAndMemory(),
                    load.summary().atStart().describe(), logs);
            List<Figure> figures = new ArrayList<>();
            try (BenchStack stack = BenchStack.start(launcher, settings.workDir().resolve("data"),
                    settings.workDir().resolve("stack.env"), inherited)) {
                BenchContext context = new BenchContext(settings, stack, launcher, new KafkaTools(logs, settings.home(), inherited),
                        new BenchEvents(settings.seed(), startedAt.truncatedTo(ChronoUnit.SECONDS)), progress);
                measureAll(context, figures);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            return new BenchReport(startedAt, elapsed, machine, load.summary(), settings.describe(), figures, notes());
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
                        + " and database. Timings are from one run on a machine shared with other work: see the load average.");
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
