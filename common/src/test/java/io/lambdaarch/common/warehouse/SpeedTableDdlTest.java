package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpeedTableDdlTest {
    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldGiveTheDefaultViewTheTablesOfSchemaSql(WarehouseKind kind) {
        Warehouse warehouse = Warehouse.of(kind);
        List<String> schema = SchemaInstaller.statements(resource(warehouse.ddlDirectory() + "/schema.sql")).stream()
                .map(SpeedTableDdlTest::normalized)
                .toList();

        List<String> generated = new SpeedTableDdl(warehouse).createStatements(ViewCatalog.shipped().defaultView()).stream()
                .map(SpeedTableDdlTest::normalized)
                .toList();

        // Two sources of the same tables: a view added later must get what speed_view has, to the type and key.
        assertThat(schema).contains(generated.get(0), generated.get(1));
        assertThat(generated.get(0)).startsWith("CREATE TABLE IF NOT EXISTS speed_view (");
        assertThat(generated.get(1)).startsWith("CREATE TABLE IF NOT EXISTS speed_view_incoming (");
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shouldTypeADeclaredViewsColumnsByTheirSource(WarehouseKind kind) throws Exception {
        Warehouse warehouse = Warehouse.of(kind);
        ViewCatalog catalog = ViewsFile.parse("""
                {"views": [{"name": "lang_day",
                  "dimensions": [{"name": "event_day", "source": "created_at", "grain": "day"},
                                 {"name": "lang", "source": "lang"}],
                  "measures": [{"name": "retweets_sum", "aggregation": "sum", "source": "retweet_count"},
                               {"name": "tweet_count", "aggregation": "count"}]}]}""", "test");

        String speed = normalized(new SpeedTableDdl(warehouse).createStatements(catalog.defaultView()).get(0));

        String measure = normalized(warehouse.measureType());
        assertThat(speed).startsWith("CREATE TABLE IF NOT EXISTS speed_lang_day ( ingest_bucket TIMESTAMP NOT NULL,"
                + " event_day TIMESTAMP NOT NULL, lang VARCHAR(1024) NOT NULL, retweets_sum " + measure + " NOT NULL,"
                + " tweet_count " + measure + " NOT NULL, PRIMARY KEY (ingest_bucket, event_day, lang) )");
    }

    private static String normalized(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }

    private static String resource(String name) {
        try (InputStream in = SpeedTableDdlTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("classpath resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
