package io.lambdaarch.bench.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.process.Runs;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.demo.process.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own performance tools (kafka-tools, the code behind {@code kafka-producer-perf-test.sh} and
 * {@code kafka-consumer-perf-test.sh}), each run in its own JVM on this JVM's classpath, as the services under test
 * run in theirs.
 */
public final class KafkaTools {
    private static final Pattern PRODUCER_SUMMARY = Pattern.compile("^(\\d+) records sent, ([0-9.]+) records/sec");

    private final Path logDir;
    private final Path workingDir;
    private final Map<String, String> environment;

    public KafkaTools(Path logDir, Path workingDir, Map<String, String> environment) {
        this.logDir = requireNonNull(logDir, "logDir is null");
        this.workingDir = requireNonNull(workingDir, "workingDir is null");
        this.environment = Map.copyOf(environment);
    }

    /**
     * Runs {@code ProducerPerformance}: {@code records} records to {@code topic} as fast as it can, each a random
     * line of {@code payloadFile}, with {@code producerSettings}.
     */
    public ProducerPerformanceResult producerPerformance(String name, String bootstrapServers, String topic, long records,
            Path payloadFile, Map<String, String> producerSettings, Duration timeout) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrapServers, "--topic", topic,
                "--num-records", Long.toString(records), "--throughput", "-1",
                "--payload-file", payloadFile.toAbsolutePath().toString(), "--command-property"));
        producerSettings.forEach((key, value) -> args.add(key + "=" + value));
        Run run = run(name, "org.apache.kafka.tools.ProducerPerformance", args, timeout);
        return ProducerPerformanceResult.parse(run.output()).orElseThrow(() -> new TerseException(
                "ProducerPerformance printed no summary line; see " + run.log()));
    }

    /** Runs {@code ConsumerPerformance}: reads {@code records} records of {@code topic} from the beginning. */
    public ConsumerPerformanceResult consumerPerformance(String name, String bootstrapServers, String topic, long records,
            Duration timeout) throws InterruptedException {
        List<String> args = List.of("--bootstrap-server", bootstrapServers, "--topic", topic,
                "--num-records", Long.toString(records), "--group", "bench-" + name, "--timeout", "60000");
        Run run = run(name, "org.apache.kafka.tools.ConsumerPerformance", args, timeout);
        return ConsumerPerformanceResult.parse(run.output()).orElseThrow(() -> new TerseException(
                "ConsumerPerformance printed no result line; see " + run.log()));
    }

    private record Run(Path log, List<String> output) {
    }

    private Run run(String name, String mainClass, List<String> args, Duration timeout) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        Path log = logDir.resolve(name + ".log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new TerseException("Cannot remove the old " + log + ": " + e.getMessage());
        }
        Map<String, String> env = new HashMap<>(environment);
        Runs.runToSuccess(() -> ChildProcess.start(name, command, env, workingDir, log), timeout);
        try {
            return new Run(log, Files.readAllLines(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TerseException("Cannot read " + log + ": " + e.getMessage());
        }
    }

    /**
     * ProducerPerformance's own summary: {@code 200000 records sent, 41230.1 records/sec (13.02 MB/sec), ...}.
     *
     * @param records records sent
     * @param recordsPerSecond the tool's own rate (from its first send to the last acknowledgement)
     */
    public record ProducerPerformanceResult(long records, double recordsPerSecond) {
        /** The last summary line of the tool's output (the warm-up summary, if any, comes before it). */
        public static Optional<ProducerPerformanceResult> parse(List<String> output) {
            ProducerPerformanceResult result = null;
            for (String line : output) {
                Matcher matcher = PRODUCER_SUMMARY.matcher(line.trim());
                if (matcher.find()) {
                    result = new ProducerPerformanceResult(Long.parseLong(matcher.group(1)), Double.parseDouble(matcher.group(2)));
                }
            }
            return Optional.ofNullable(result);
        }
    }

    /**
     * ConsumerPerformance's result line, read by its header.
     *
     * @param records records consumed ({@code data.consumed.in.nMsg})
     * @param recordsPerSecond over the whole run, joining the consumer group included ({@code nMsg.sec})
     * @param fetchRecordsPerSecond while fetching, the group join excluded ({@code fetch.nMsg.sec})
     */
    public record ConsumerPerformanceResult(long records, double recordsPerSecond, double fetchRecordsPerSecond) {
        /** Finds the header line and the line after it. */
        public static Optional<ConsumerPerformanceResult> parse(List<String> output) {
            for (int i = 0; i + 1 < output.size(); i++) {
                List<String> header = fields(output.get(i));
                if (!header.contains("fetch.nMsg.sec")) {
                    continue;
                }
                List<String> values = fields(output.get(i + 1));
                if (values.size() != header.size()) {
                    return Optional.empty();
                }
                Map<String, String> row = new HashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    row.put(header.get(c), values.get(c));
                }
                if (!row.keySet().containsAll(List.of("data.consumed.in.nMsg", "nMsg.sec"))) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(new ConsumerPerformanceResult(Long.parseLong(row.get("data.consumed.in.nMsg")),
                            Double.parseDouble(row.get("nMsg.sec")), Double.parseDouble(row.get("fetch.nMsg.sec"))));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }

        private static List<String> fields(String line) {
            return List.of(line.trim().split("\\s*,\\s*"));
        }
    }
}
