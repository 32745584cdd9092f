package io.lambdaarch.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The results as JSON, for tools and for comparing runs: every value with its unit, every target with its verdict,
 * the machine and the load. Field names are snake_case and stable.
 *
 * <p>Each figure's top-level values are the median over the runs ({@code --runs}; for one run, that run's), its
 * targets are met only when met in every run, {@code worst} is the run that did worst and {@code runs} holds every
 * run's own values, targets and notes.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(BenchReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("started_at", report.startedAt().toString());
        root.put("elapsed_seconds", report.elapsed().toMillis() / 1000.0);
        root.set("machine", machine(report));
        ObjectNode parameters = root.putObject("parameters");
        report.parameters().forEach(parameters::put);
        ArrayNode runs = root.putArray("runs");
        report.runs().forEach(run -> runs.addObject().put("run", run.number())
                .put("elapsed_seconds", run.elapsed().toMillis() / 1000.0)
                .set("load_average", load(run.load())));
        ArrayNode figures = root.putArray("figures");
        report.figures().forEach(figure -> figures.add(figure(figure)));
        root.put("figures_met", report.metCount());
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode machine(BenchReport report) {
        Machine m = report.machine();
        ObjectNode machine = MAPPER.createObjectNode();
        machine.put("cores", m.cores());
        machine.put("memory_bytes", m.memoryBytes());
        machine.put("cpu", m.cpu());
        machine.put("jdk", m.jdk());
        machine.put("os", m.os());
        machine.set("load_average", load(report.load()));
        return machine;
    }

    private static ObjectNode load(LoadMonitor.Load load) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("at_start", load(load.atStart()));
        node.set("at_end", load(load.atEnd()));
        node.put("highest_1m", load.highestOneMinute());
        return node;
    }

    private static ArrayNode load(LoadAverage load) {
        ArrayNode values = MAPPER.createArrayNode();
        values.add(load.oneMinute());
        if (load.fiveMinutes() >= 0) {
            values.add(load.fiveMinutes());
            values.add(load.fifteenMinutes());
        }
        return values;
    }

    private static ObjectNode figure(FigureRuns figure) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", figure.id());
        node.put("title", figure.title());
        node.set("ours", values(figure.medianOurs()));
        node.put("baseline_name", figure.runs().get(0).baselineName());
        node.set("baseline", values(figure.medianBaseline()));
        ratio(node, figure.medianRatio());
        node.set("targets", checks(figure.checks()));
        node.put("met", figure.met());
        node.put("runs_met", figure.metRuns());
        if (figure.error().isPresent()) {
            node.put("error", figure.error().get());
        } else {
            node.putNull("error");
        }
        ObjectNode worst = run(figure.worst());
        worst.put("run", figure.worstRun());
        node.set("worst", worst);
        ArrayNode runs = node.putArray("runs");
        for (int i = 0; i < figure.runs().size(); i++) {
            runs.add(run(figure.runs().get(i)).put("run", i + 1));
        }
        ArrayNode notes = node.putArray("notes");
        if (figure.runs().size() == 1) {
            figure.runs().get(0).notes().forEach(notes::add);
        } else {
            notes.add("ratio by run " + figure.ratiosByRun() + "; worst run " + figure.worstRun() + "; " + figure.metDescription()
                    + "; each run's own notes are under runs");
        }
        return node;
    }

    /** One run's measurement of a figure. */
    private static ObjectNode run(Figure figure) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("ours", values(figure.ours()));
        node.set("baseline", values(figure.baseline()));
        ratio(node, figure.ratio());
        node.set("targets", checks(figure.checks()));
        node.put("met", figure.met());
        if (figure.error().isPresent()) {
            node.put("error", figure.error().get());
        } else {
            node.putNull("error");
        }
        ArrayNode notes = node.putArray("notes");
        figure.notes().forEach(notes::add);
        return node;
    }

    private static void ratio(ObjectNode node, OptionalDouble ratio) {
        if (ratio.isPresent()) {
            node.put("ratio", ratio.getAsDouble());
        } else {
            node.putNull("ratio");
        }
    }

    private static ArrayNode checks(List<Check> checks) {
        ArrayNode array = MAPPER.createArrayNode();
        checks.forEach(check -> array.addObject().put("target", check.target()).put("met", check.met()));
        return array;
    }

    private static ArrayNode values(List<Value> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(v -> array.addObject().put("name", v.name()).put("value", v.amount()).put("unit", v.unit().symbol()));
        return array;
    }
}
