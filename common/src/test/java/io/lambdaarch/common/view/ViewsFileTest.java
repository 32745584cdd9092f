package io.lambdaarch.common.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.lambdaarch.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ViewsFileTest {
    private static final String ORIGIN = "config/views.json";
    private static final String COUNT = "{\"name\": \"tweet_count\", \"aggregation\": \"count\"}";
    private static final String LANG = "{\"name\": \"lang\", \"source\": \"lang\"}";

    @Test
    void shippedDefaultViewIsTheCompiledInDefinition() {
        ViewCatalog shipped = ViewCatalog.shipped();

        assertThat(shipped.names()).containsExactly("view", "lang_day");
        NamedView view = shipped.defaultView();
        assertThat(view.definition()).isEqualTo(TweetView.DEFINITION);
        assertThat(view.rollups()).containsExactly(TimeGrain.DAY);
        assertThat(view.rollup(TimeGrain.DAY)).isEqualTo(TweetView.DAY_ROLLUP);
        assertThat(shipped.find("lang_day").orElseThrow().definition()).isEqualTo(new ViewDefinition(
                List.of(new Dimension("event_day", "created_at", TimeGrain.DAY), new Dimension("lang", "lang", TimeGrain.NONE)),
                List.of(new Measure("tweet_count", Aggregation.COUNT, null),
                        new Measure("retweets_sum", Aggregation.SUM, "retweet_count"))));
    }

    @Test
    void theUsersCopyIsTheShippedFile() throws IOException {
        // Maven runs a module's tests in the module's directory; config/ is at the repository root.
        assertThat(ViewsFile.read(Path.of("../config/views.json"))).isEqualTo(ViewCatalog.shipped());
    }

    @Test
    void defaultViewKeepsTodaysTableNames() {
        NamedView view = ViewCatalog.shipped().defaultView();

        assertThat(view.batchTable()).isEqualTo("batch_view");
        assertThat(view.rollupTable(TimeGrain.DAY)).isEqualTo("batch_view_day");
        assertThat(view.speedTable()).isEqualTo("speed_view");
        assertThat(view.speedIncomingTable()).isEqualTo("speed_view_incoming");
        assertThat(view.servingView()).isEqualTo("serving_view");
        assertThat(view.timeDimension().orElseThrow().column()).isEqualTo("event_hour");
    }

    @Test
    void fingerprintChangesWithTheDefinitionOnly() {
        NamedView view = ViewCatalog.shipped().defaultView();
        NamedView renamed = new NamedView("other", view.definition(), view.rollups());
        NamedView noRollup = new NamedView("view", view.definition(), List.of());
        NamedView lessMeasures = new NamedView("view", new ViewDefinition(view.definition().dimensions(),
                view.definition().measures().subList(0, 2)), view.rollups());

        assertThat(renamed.fingerprint()).isEqualTo(view.fingerprint()).hasSize(32);
        assertThat(noRollup.fingerprint()).isNotEqualTo(view.fingerprint());
        assertThat(lessMeasures.fingerprint()).isNotEqualTo(view.fingerprint());
        assertThat(ViewCatalog.shipped().defaultView().fingerprint()).isEqualTo(view.fingerprint());
    }

    @Test
    void userViewWithoutTimeDimensionOrRollup() {
        ViewCatalog catalog = ViewsFile.parse(file(view("by_location",
                "[{\"name\": \"location\", \"source\": \"location\"}]",
                "[" + COUNT + ", {\"name\": \"followers\", \"aggregation\": \"sum\", \"source\": \"followers_count\"}]",
                null)), ORIGIN);

        NamedView view = catalog.defaultView();
        assertThat(view.timeDimension()).isEmpty();
        assertThat(view.rollups()).isEmpty();
        assertThat(view.definition().measures()).containsExactly(new Measure("tweet_count", Aggregation.COUNT, null),
                new Measure("followers", Aggregation.SUM, "followers_count"));
    }

    @Test
    void readNamesAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        assertThat(problems(() -> ViewsFile.read(missing)))
                .containsExactly("views file " + missing + ": cannot be read (no such file)");
    }

    @Test
    void readReportsProblemsWithThePath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("views.json"), "{\"views\": []}");
        assertThat(problems(() -> ViewsFile.read(file)))
                .containsExactly("views file " + file + ": \"views\" is empty: declare at least one view");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // case | views JSON | the one expected line after "views file config/views.json: "
        "not JSON | {\"views\": [ | not valid JSON (line 1, column 12: Unexpected end-of-input: expected close marker for Array (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 11]))",
        "not an object | [] | expected a JSON object {\"views\": [...]}",
        "no views key | {} | \"views\" must be a list of views",
        "empty list | {\"views\": []} | \"views\" is empty: declare at least one view",
        "unknown top key | {\"views\": [V], \"extra\": 1} | unknown key \"extra\" (expected views)",
    })
    void shouldRejectInvalidFile(String name, String json, String expected) {
        String text = json.replace("V", view("v", "[" + LANG + "]", "[" + COUNT + "]", null));
        assertThat(problems(() -> ViewsFile.parse(text, ORIGIN))).containsExactly("views file " + ORIGIN + ": " + expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // case | name | dimensions | measures | rollups | the one expected line
        "unknown dimension source | v | [{\"name\": \"tag\", \"source\": \"hashtag\"}] | [C] | | view \"v\": dimension \"tag\": \"source\": unknown source field \"hashtag\" (dimensions read created_at, location, lang)",
        "unknown measure source | v | [L] | [{\"name\": \"s\", \"aggregation\": \"sum\", \"source\": \"likes\"}] | | view \"v\": measure \"s\": \"source\": unknown source field \"likes\" (sums read followers_count, favorite_count, retweet_count)",
        "unknown grain | v | [{\"name\": \"w\", \"source\": \"created_at\", \"grain\": \"week\"}] | [C] | | view \"v\": dimension \"w\": \"grain\": unknown grain \"week\" (hour, day)",
        "grain on a text field | v | [{\"name\": \"l\", \"source\": \"lang\", \"grain\": \"day\"}] | [C] | | view \"v\": dimension \"l\": \"grain\": a grain applies to created_at only, not to the text field \"lang\"",
        "time without grain | v | [{\"name\": \"t\", \"source\": \"created_at\"}] | [C] | | view \"v\": dimension \"t\": \"grain\": created_at is a timestamp: give a grain (hour, day)",
        "two time dimensions | v | [{\"name\": \"h\", \"source\": \"created_at\", \"grain\": \"hour\"}, {\"name\": \"d\", \"source\": \"created_at\", \"grain\": \"day\"}] | [C] | | view \"v\": dimension \"d\": a second time dimension (the view already has \"h\"; a view has at most one)",
        "number as dimension | v | [{\"name\": \"r\", \"source\": \"retweet_count\"}] | [C] | | view \"v\": dimension \"r\": \"source\": \"retweet_count\" is a number, which a view sums but does not group by (dimensions read created_at, location, lang)",
        "bad view name | Lang-Day | [L] | [C] | | view \"Lang-Day\": \"name\": must match [a-z][a-z0-9_]{0,40} (a lower-case SQL name; it names the view's tables)",
        "too long view name | a12345678901234567890123456789012345678901 | [L] | [C] | | view \"a12345678901234567890123456789012345678901\": \"name\": must match [a-z][a-z0-9_]{0,40} (a lower-case SQL name; it names the view's tables)",
        "missing view name | | [L] | [C] | | view #1: \"name\": missing",
        "bad column name | v | [{\"name\": \"1lang\", \"source\": \"lang\"}] | [C] | | view \"v\": dimension \"1lang\": \"name\": must match [a-z][a-z0-9_]{0,40} (it is a column name)",
        "reserved column | v | [{\"name\": \"ingest_bucket\", \"source\": \"lang\"}] | [C] | | view \"v\": dimension \"ingest_bucket\": \"name\": ingest_bucket is reserved (every speed table has that column)",
        "unsupported aggregation | lang_day | [L] | [{\"name\": \"retweets_sum\", \"aggregation\": \"avg\", \"source\": \"retweet_count\"}] | | view \"lang_day\": measure \"retweets_sum\": aggregation \"avg\" is not supported (count, sum)",
        "sum of a text field | v | [L] | [{\"name\": \"s\", \"aggregation\": \"sum\", \"source\": \"location\"}] | | view \"v\": measure \"s\": \"source\": sum of the non-numeric field \"location\" (sums read followers_count, favorite_count, retweet_count)",
        "sum of the timestamp | v | [L] | [{\"name\": \"s\", \"aggregation\": \"sum\", \"source\": \"created_at\"}] | | view \"v\": measure \"s\": \"source\": sum of the non-numeric field \"created_at\" (sums read followers_count, favorite_count, retweet_count)",
        "sum without source | v | [L] | [{\"name\": \"s\", \"aggregation\": \"sum\"}] | | view \"v\": measure \"s\": \"source\": sum needs a source field (followers_count, favorite_count, retweet_count)",
        "count with source | v | [L] | [{\"name\": \"c\", \"aggregation\": \"count\", \"source\": \"lang\"}] | | view \"v\": measure \"c\": \"source\": count counts events and takes no source",
        "no dimension | v | [] | [C] | | view \"v\": \"dimensions\": no dimension: declare at least one",
        "missing dimensions | v | | [C] | | view \"v\": \"dimensions\": missing: declare at least one dimension",
        "no measure | v | [L] | [] | | view \"v\": \"measures\": no measure: declare at least one",
        "duplicate column | v | [L] | [{\"name\": \"lang\", \"aggregation\": \"count\"}] | | view \"v\": column \"lang\": declared twice (dimension and measure names are the columns of one table)",
        "unknown view key | v | [L] | [C] | | view \"v\": unknown key \"filter\" (expected name, dimensions, measures, rollups)",
        "unknown dimension key | v | [{\"name\": \"lang\", \"source\": \"lang\", \"type\": \"text\"}] | [C] | | view \"v\": dimension \"lang\": unknown key \"type\" (expected name, source, grain)",
        "unknown measure key | v | [L] | [{\"name\": \"c\", \"aggregation\": \"count\", \"distinct\": true}] | | view \"v\": measure \"c\": unknown key \"distinct\" (expected name, aggregation, source)",
        "not a string | v | [{\"name\": 7, \"source\": \"lang\"}] | [C] | | view \"v\": dimension #1: \"name\": must be a string, not 7",
        "unknown rollup | v | [{\"name\": \"h\", \"source\": \"created_at\", \"grain\": \"hour\"}] | [C] | [\"week\"] | view \"v\": rollup \"week\": unknown rollup grain (day)",
        "rollup without hours | v | [L] | [C] | [\"day\"] | view \"v\": rollup \"day\": a day rollup needs a dimension of created_at with grain hour",
    })
    void shouldRejectInvalidView(String name, String viewName, String dimensions, String measures, String rollups,
            String expected) {
        String declared = view(viewName, expand(dimensions), expand(measures), rollups);
        String view = name.equals("unknown view key") ? "{\"filter\": \"x\", " + declared.substring(1)
                : declared;
        assertThat(problems(() -> ViewsFile.parse(file(view), ORIGIN)))
                .containsExactly("views file " + ORIGIN + ": " + expected);
    }

    @Test
    void shouldRejectDuplicateViewName() {
        String view = view("lang_day", "[" + LANG + "]", "[" + COUNT + "]", null);
        assertThat(problems(() -> ViewsFile.parse(file(view, view), ORIGIN))).containsExactly(
                "views file " + ORIGIN + ": view \"lang_day\": \"name\": duplicate view name (each view is declared once)");
    }

    @Test
    void shouldRejectViewWhoseTableIsAnotherViewsTable() {
        String hourly = "[{\"name\": \"event_hour\", \"source\": \"created_at\", \"grain\": \"hour\"}]";
        String first = view("view", hourly, "[" + COUNT + "]", "[\"day\"]");
        String second = view("view_day", "[" + LANG + "]", "[" + COUNT + "]", null);
        assertThat(problems(() -> ViewsFile.parse(file(first, second), ORIGIN))).containsExactly(
                "views file " + ORIGIN + ": view \"view_day\": \"name\": its table batch_view_day is already a table of"
                        + " view \"view\"");
    }

    @Test
    void shouldReportEveryProblemOfTheFile() {
        String first = view("a", "[{\"name\": \"x\", \"source\": \"nope\"}]", "[" + COUNT + "]", null);
        String second = view("b", "[" + LANG + "]", "[{\"name\": \"m\", \"aggregation\": \"max\"}]", null);
        assertThat(problems(() -> ViewsFile.parse(file(first, second), ORIGIN))).containsExactly(
                "views file " + ORIGIN + ": view \"a\": dimension \"x\": \"source\": unknown source field \"nope\""
                        + " (dimensions read created_at, location, lang)",
                "views file " + ORIGIN + ": view \"b\": measure \"m\": aggregation \"max\" is not supported (count, sum)");
    }

    private static String expand(String list) {
        return list == null ? null : list.replace("[L]", "[" + LANG + "]").replace("[C]", "[" + COUNT + "]");
    }

    private static String view(String name, String dimensions, String measures, String rollups) {
        StringBuilder json = new StringBuilder("{");
        if (name != null) {
            json.append("\"name\": \"").append(name).append("\"");
        }
        if (dimensions != null) {
            json.append(json.length() > 1 ? ", " : "").append("\"dimensions\": ").append(dimensions);
        }
        json.append(json.length() > 1 ? ", " : "").append("\"measures\": ").append(measures);
        if (rollups != null) {
            json.append(", \"rollups\": ").append(rollups);
        }
        return json.append("}").toString();
    }

    private static String file(String... views) {
        return "{\"views\": [" + String.join(", ", views) + "]}";
    }

    private static List<String> problems(org.assertj.core.api.ThrowableAssert.ThrowingCallable parse) {
        return assertThatExceptionOfType(ConfigException.class).isThrownBy(parse).actual().problems();
    }
}
