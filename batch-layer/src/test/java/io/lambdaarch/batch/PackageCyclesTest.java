package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Architecture check: the batch layer's packages are by feature (landing, recompute, replay, lock, ...) and their
 * imports form no cycle, so each feature can be read, and changed, from the bottom up.
 */
class PackageCyclesTest {
    private static final Path MAIN = Path.of("src/main/java/io/lambdaarch/batch");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.lambdaarch\\.batch\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void shouldHaveNoCycleBetweenPackages() throws IOException {
        Map<String, Set<String>> imports = imports();

        assertThat(imports).as("packages under %s", MAIN.toAbsolutePath()).containsKeys("landing", "recompute", "replay", "lock");
        List<List<String>> cycles = new ArrayList<>();
        for (String from : imports.keySet()) {
            path(imports, from, from, new ArrayList<>(List.of(from)), new TreeSet<>()).ifPresent(cycles::add);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void shouldHaveNoPackageNamedAfterTheWarehouseDriver() {
        // The SQL of each feature lives with the feature, through the warehouse object of common.
        assertThat(MAIN.resolve("jdbc")).doesNotExist();
    }

    /** A path from {@code at} back to {@code start}, if there is one. */
    private static Optional<List<String>> path(Map<String, Set<String>> imports, String start, String at,
            List<String> path, Set<String> seen) {
        for (String next : imports.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return Optional.of(cycle);
            }
            if (seen.add(next)) {
                path.add(next);
                Optional<List<String>> found = path(imports, start, next, path, seen);
                if (found.isPresent()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return Optional.empty();
    }

    /** Package (first segment below io.lambdaarch.batch; "" for the root) -> the batch packages it imports. */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = MAIN.relativize(file.getParent());
                String from = relative.getNameCount() == 0 || relative.toString().isEmpty() ? "" : relative.getName(0).toString();
                Set<String> targets = imports.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher matcher = IMPORT.matcher(read(file));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(from)) {
                        targets.add(matcher.group(1));
                    }
                }
            }
        }
        return imports;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
