package io.lambdaarch.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The results as JSON, for tools and for comparing runs: every value with its unit, every target with its verdict,
 * the machine and the load. Field names are snake_case and stable.
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
        ObjectNode load = machine.putObject("load_average");
        load.set("at_start", load(report.load().atStart()));
        load.set("at_end", load(report.load().atEnd()));
        load.put("highest_1m", report.load().highestOneMinute());
        return machine;
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

    private static ObjectNode figure(Figure figure) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", figure.id());
        node.put("title", figure.title());
        node.set("ours", values(figure.ours()));
        node.put("baseline_name", figure.baselineName());
        node.set("baseline", values(figure.baseline()));
        if (figure.ratio().isPresent()) {
            node.put("ratio", figure.ratio().getAsDouble());
        } else {
            node.putNull("ratio");
        }
        ArrayNode checks = node.putArray("targets");
        figure.checks().forEach(check -> checks.addObject().put("target", check.target()).put("met", check.met()));
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

    private static ArrayNode values(List<Value> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(v -> array.addObject().put("name", v.name()).put("value", v.amount()).put("unit", v.unit().symbol()));
        return array;
    }
}
