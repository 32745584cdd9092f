package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Architecture check over every module's main code: the warehouse is chosen in one place ({@link Warehouse#of}), and
 * everything else asks the warehouse object instead of switching on which warehouse it is. The pattern is the
 * acceptance grep {@code grep -rn "switch (.*[kK]ind" *}{@code /src/main}.
 */
class OneWarehouseChoiceTest {
    private static final Pattern SWITCH_ON_KIND = Pattern.compile("switch \\(.*[kK]ind");
    private static final String THE_ONE_PLACE = "common/src/main/java/io/lambdaarch/common/warehouse/Warehouse.java";

    @Test
    void shouldSwitchOnTheKindOnlyWhereTheWarehouseIsChosen() throws IOException {
        // Surefire runs in the module's directory; the reactor's root holds every module.
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        List<String> hits = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = read(source);
            for (int i = 0; i < lines.size(); i++) {
                if (SWITCH_ON_KIND.matcher(lines.get(i)).find()) {
                    hits.add(root.relativize(source).toString().replace('\\', '/') + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }

        assertThat(sources).as("main sources of the reactor under %s", root).hasSizeGreaterThan(100);
        assertThat(hits).singleElement().asString().startsWith(THE_ONE_PLACE + ":");
    }

    private static List<String> read(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
