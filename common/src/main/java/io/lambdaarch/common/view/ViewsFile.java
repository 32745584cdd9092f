package io.lambdaarch.common.view;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates a views file (docs/design.md#the-views-file). Every problem is one line naming the file, the
 * view and the field, e.g. {@code views file config/views.json: view "lang_day": measure "retweets_sum": aggregation
 * "avg" is not supported (count, sum)}; all problems of a file are reported at once.
 */
public final class ViewsFile {
    /** A dimension column of the speed table that every view has; a view cannot declare a column of that name. */
    private static final Set<String> RESERVED_COLUMNS = Set.of(TweetView.INGEST_BUCKET);
    private static final List<String> FILE_KEYS = List.of("views");
    private static final List<String> VIEW_KEYS = List.of("name", "dimensions", "measures", "rollups");
    private static final List<String> DIMENSION_KEYS = List.of("name", "source", "grain");
    private static final List<String> MEASURE_KEYS = List.of("name", "aggregation", "source");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ViewsFile() {
    }

    /** Reads and validates {@code file}. */
    public static ViewCatalog read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("views file " + file + ": cannot be read (" + describe(e) + ")");
        }
        return parse(text, file.toString());
    }

    /** Parses and validates the JSON text of a views file; {@code origin} names it in messages. */
    public static ViewCatalog parse(String json, String origin) throws ConfigException {
        String prefix = "views file " + origin + ": ";
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(prefix + "not valid JSON (" + jsonProblem(e) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(prefix + "expected a JSON object {\"views\": [...]}");
        }
        List<String> problems = new ArrayList<>();
        unknownKeys(root, FILE_KEYS, prefix, problems);
        JsonNode views = root.get("views");
        if (views == null || !views.isArray()) {
            problems.add(prefix + "\"views\" must be a list of views");
            throw new ConfigException(problems);
        }
        if (views.isEmpty()) {
            problems.add(prefix + "\"views\" is empty: declare at least one view");
            throw new ConfigException(problems);
        }
        List<NamedView> parsed = new ArrayList<>();
        Map<String, String> tableOwners = new HashMap<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : views) {
            index++;
            Optional<NamedView> view = new ViewParser(prefix, index, node, problems).parse();
            if (view.isEmpty()) {
                continue;
            }
            NamedView v = view.get();
            String where = prefix + "view \"" + v.name() + "\": ";
            if (!names.add(v.name())) {
                problems.add(where + "\"name\": duplicate view name (each view is declared once)");
                continue;
            }
            for (String table : v.tables()) {
                String owner = tableOwners.putIfAbsent(table, v.name());
                if (owner != null) {
                    problems.add(where + "\"name\": its table " + table + " is already a table of view \"" + owner + "\"");
                }
            }
            parsed.add(v);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ViewCatalog(parsed);
    }

    /** Parses one element of "views", adding a problem for each thing wrong with it. */
    private static final class ViewParser {
        private final String filePrefix;
        private final JsonNode node;
        private final List<String> problems;
        private final int problemsBefore;
        private String where;

        ViewParser(String filePrefix, int index, JsonNode node, List<String> problems) {
            this.filePrefix = filePrefix;
            this.node = node;
            this.problems = problems;
            this.problemsBefore = problems.size();
            this.where = filePrefix + "view #" + index + ": ";
        }

        Optional<NamedView> parse() {
            if (!node.isObject()) {
                problems.add(where + "expected an object with \"name\", \"dimensions\" and \"measures\"");
                return Optional.empty();
            }
            String name = text(node, "name", where, true);
            if (name != null) {
                where = filePrefix + "view \"" + name + "\": ";
                if (!NamedView.NAME.matcher(name).matches()) {
                    problems.add(where + "\"name\": must match " + NamedView.NAME.pattern()
                            + " (a lower-case SQL name; it names the view's tables)");
                }
            }
            unknownKeys(node, VIEW_KEYS, where, problems);
            List<Dimension> dimensions = dimensions();
            List<Measure> measures = measures();
            List<TimeGrain> rollups = rollups(dimensions);
            Set<String> columns = new HashSet<>();
            for (String column : columnsOf(dimensions, measures)) {
                if (!columns.add(column)) {
                    problems.add(where + "column \"" + column + "\": declared twice (dimension and measure names"
                            + " are the columns of one table)");
                }
            }
            if (problems.size() > problemsBefore) {
                return Optional.empty();
            }
            return Optional.of(new NamedView(name, new ViewDefinition(dimensions, measures), rollups));
        }

        private List<Dimension> dimensions() {
            List<Dimension> dimensions = new ArrayList<>();
            JsonNode list = list("dimensions", "dimension");
            if (list == null) {
                return dimensions;
            }
            String timeDimension = null;
            int index = 0;
            for (JsonNode d : list) {
                index++;
                String at = where + "dimension #" + index + ": ";
                if (!d.isObject()) {
                    problems.add(at + "expected an object with \"name\", \"source\" and optionally \"grain\"");
                    continue;
                }
                String column = text(d, "name", at, true);
                if (column != null) {
                    at = where + "dimension \"" + column + "\": ";
                    columnName(column, at);
                }
                unknownKeys(d, DIMENSION_KEYS, at, problems);
                String source = text(d, "source", at, true);
                String grainText = text(d, "grain", at, false);
                if (source == null) {
                    continue;
                }
                Optional<SourceField> field = SourceField.of(source);
                if (field.isEmpty()) {
                    problems.add(at + "\"source\": unknown source field \"" + source + "\" (dimensions read "
                            + String.join(", ", groupable()) + ")");
                    continue;
                }
                TimeGrain grain = TimeGrain.NONE;
                if (grainText != null) {
                    Optional<TimeGrain> parsed = timeGrain(grainText);
                    if (parsed.isEmpty()) {
                        problems.add(at + "\"grain\": unknown grain \"" + grainText + "\" (hour, day)");
                        continue;
                    }
                    grain = parsed.get();
                }
                switch (field.get().kind()) {
                    case TIME -> {
                        if (grain == TimeGrain.NONE) {
                            problems.add(at + "\"grain\": " + source + " is a timestamp: give a grain (hour, day)");
                            continue;
                        }
                        if (timeDimension != null) {
                            problems.add(at + "a second time dimension (the view already has \"" + timeDimension
                                    + "\"; a view has at most one)");
                            continue;
                        }
                        timeDimension = column;
                    }
                    case TEXT -> {
                        if (grain != TimeGrain.NONE) {
                            problems.add(at + "\"grain\": a grain applies to created_at only, not to the text field \""
                                    + source + "\"");
                            continue;
                        }
                    }
                    case NUMBER -> {
                        problems.add(at + "\"source\": \"" + source + "\" is a number, which a view sums but does not"
                                + " group by (dimensions read " + String.join(", ", groupable()) + ")");
                        continue;
                    }
                }
                if (column != null) {
                    dimensions.add(new Dimension(column, source, grain));
                }
            }
            return dimensions;
        }

        private List<Measure> measures() {
            List<Measure> measures = new ArrayList<>();
            JsonNode list = list("measures", "measure");
            if (list == null) {
                return measures;
            }
            int index = 0;
            for (JsonNode m : list) {
                index++;
                String at = where + "measure #" + index + ": ";
                if (!m.isObject()) {
                    problems.add(at + "expected an object with \"name\", \"aggregation\" and (for sum) \"source\"");
                    continue;
                }
                String column = text(m, "name", at, true);
                if (column != null) {
                    at = where + "measure \"" + column + "\": ";
                    columnName(column, at);
                }
                unknownKeys(m, MEASURE_KEYS, at, problems);
                String aggregationText = text(m, "aggregation", at, true);
                String source = text(m, "source", at, false);
                if (aggregationText == null) {
                    continue;
                }
                Aggregation aggregation;
                switch (aggregationText) {
                    case "count" -> aggregation = Aggregation.COUNT;
                    case "sum" -> aggregation = Aggregation.SUM;
                    default -> {
                        problems.add(at + "aggregation \"" + aggregationText + "\" is not supported (count, sum)");
                        continue;
                    }
                }
                if (aggregation == Aggregation.COUNT && source != null) {
                    problems.add(at + "\"source\": count counts events and takes no source");
                    continue;
                }
                if (aggregation == Aggregation.SUM) {
                    if (source == null) {
                        problems.add(at + "\"source\": sum needs a source field ("
                                + String.join(", ", SourceField.columns(SourceField.Kind.NUMBER)) + ")");
                        continue;
                    }
                    Optional<SourceField> field = SourceField.of(source);
                    if (field.isEmpty()) {
                        problems.add(at + "\"source\": unknown source field \"" + source + "\" (sums read "
                                + String.join(", ", SourceField.columns(SourceField.Kind.NUMBER)) + ")");
                        continue;
                    }
                    if (field.get().kind() != SourceField.Kind.NUMBER) {
                        problems.add(at + "\"source\": sum of the non-numeric field \"" + source + "\" (sums read "
                                + String.join(", ", SourceField.columns(SourceField.Kind.NUMBER)) + ")");
                        continue;
                    }
                }
                if (column != null) {
                    measures.add(new Measure(column, aggregation, source));
                }
            }
            return measures;
        }

        private List<TimeGrain> rollups(List<Dimension> dimensions) {
            List<TimeGrain> rollups = new ArrayList<>();
            JsonNode list = node.get("rollups");
            if (list == null) {
                return rollups;
            }
            if (!list.isArray()) {
                problems.add(where + "\"rollups\": must be a list of grains, e.g. [\"day\"]");
                return rollups;
            }
            boolean hourly = dimensions.stream().anyMatch(d -> d.grain() == TimeGrain.HOUR);
            for (JsonNode r : list) {
                String at = where + "rollup " + r + ": ";
                if (!r.isTextual()) {
                    problems.add(at + "must be a grain name (day)");
                    continue;
                }
                Optional<TimeGrain> grain = timeGrain(r.asText());
                if (grain.isEmpty() || grain.get() != TimeGrain.DAY) {
                    problems.add(at + "unknown rollup grain (day)");
                } else if (!hourly) {
                    problems.add(at + "a day rollup needs a dimension of created_at with grain hour");
                } else if (rollups.contains(grain.get())) {
                    problems.add(at + "declared twice");
                } else {
                    rollups.add(grain.get());
                }
            }
            return rollups;
        }

        /** The non-empty list under {@code key}, or null after adding a problem. */
        private JsonNode list(String key, String element) {
            JsonNode list = node.get(key);
            if (list == null || !list.isArray()) {
                problems.add(where + "\"" + key + "\": " + (list == null ? "missing" : "must be a list")
                        + ": declare at least one " + element);
                return null;
            }
            if (list.isEmpty()) {
                problems.add(where + "\"" + key + "\": no " + element + ": declare at least one");
                return null;
            }
            return list;
        }

        private void columnName(String column, String at) {
            if (!NamedView.NAME.matcher(column).matches()) {
                problems.add(at + "\"name\": must match " + NamedView.NAME.pattern() + " (it is a column name)");
            } else if (RESERVED_COLUMNS.contains(column)) {
                problems.add(at + "\"name\": " + column + " is reserved (every speed table has that column)");
            }
        }

        /** The text under {@code key}: null when absent (a problem if {@code required}) or not text (a problem). */
        private String text(JsonNode object, String key, String at, boolean required) {
            JsonNode value = object.get(key);
            if (value == null || value.isNull()) {
                if (required) {
                    problems.add(at + "\"" + key + "\": missing");
                }
                return null;
            }
            if (!value.isTextual()) {
                problems.add(at + "\"" + key + "\": must be a string, not " + value);
                return null;
            }
            return value.asText();
        }
    }

    private static List<String> columnsOf(List<Dimension> dimensions, List<Measure> measures) {
        List<String> columns = new ArrayList<>();
        dimensions.forEach(d -> columns.add(d.column()));
        measures.forEach(m -> columns.add(m.column()));
        return columns;
    }

    private static List<String> groupable() {
        List<String> fields = new ArrayList<>(SourceField.columns(SourceField.Kind.TIME));
        fields.addAll(SourceField.columns(SourceField.Kind.TEXT));
        return fields;
    }

    private static Optional<TimeGrain> timeGrain(String text) {
        return switch (text) {
            case "hour" -> Optional.of(TimeGrain.HOUR);
            case "day" -> Optional.of(TimeGrain.DAY);
            default -> Optional.empty();
        };
    }

    private static void unknownKeys(JsonNode object, List<String> known, String at, List<String> problems) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(at + "unknown key \"" + name + "\" (expected " + String.join(", ", known) + ")");
            }
        }
    }

    private static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        String first = message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
        if (e.getLocation() != null) {
            return "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + first;
        }
        return first;
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}
