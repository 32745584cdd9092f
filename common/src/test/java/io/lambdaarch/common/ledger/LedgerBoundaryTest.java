package io.lambdaarch.common.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every read and write of the four shared tables goes through the ledger: outside this package, no main source of any
 * module names one of them in code (comments may). Case-insensitive, so a constant such as {@code BATCH_RUNS} counts
 * too. The DDL under sql/ is not Java and is not scanned.
 */
class LedgerBoundaryTest {
    private static final Pattern TABLE_NAME = Pattern.compile(
            "\\b(" + String.join("|", LedgerTables.plainNames()) + ")\\b", Pattern.CASE_INSENSITIVE);
    private static final Path LEDGER_PACKAGE = Path.of("common", "src", "main", "java", "io", "lambdaarch", "common", "ledger");

    @Test
    void shouldNameTheSharedTablesOnlyInTheLedger() throws IOException {
        Path root = repositoryRoot();
        List<String> offenders = new ArrayList<>();
        for (Path source : mainSources(root)) {
            if (root.relativize(source).startsWith(LEDGER_PACKAGE)) {
                continue;
            }
            String[] lines = withoutComments(Files.readString(source)).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher matcher = TABLE_NAME.matcher(lines[i]);
                if (matcher.find()) {
                    offenders.add(root.relativize(source) + ":" + (i + 1) + " names " + matcher.group(1) + ": " + lines[i].strip());
                }
            }
        }

        assertThat(offenders).as("the shared tables are read and written only through io.lambdaarch.common.ledger").isEmpty();
    }

    @Test
    void shouldSeeEveryModuleAndTheLedgerItself() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources = mainSources(root);

        assertThat(sources).extracting(source -> root.relativize(source).getName(0).toString()).contains(
                "common", "ingestion", "batch-layer", "speed-layer", "serving-layer", "demo", "bench");
        // The scan must find the names where they are, or it proves nothing.
        assertThat(sources).filteredOn(source -> root.relativize(source).startsWith(LEDGER_PACKAGE))
                .anySatisfy(source -> assertThat(TABLE_NAME.matcher(withoutComments(read(source))).find()).isTrue());
    }

    @Test
    void shouldKeepCodeAndStringsButDropComments() {
        String source = "// batch_runs\nString a = \"speed_commits\"; /* landing_runs */ char c = '\"'; String b = \"x // y\";\n"
                + "/** landing_offsets\n * more */ int d;";

        assertThat(withoutComments(source)).isEqualTo(
                "\nString a = \"speed_commits\";  char c = '\"'; String b = \"x // y\";\n\n int d;");
    }

    private static List<Path> mainSources(Path root) throws IOException {
        try (Stream<Path> modules = Files.list(root)) {
            List<Path> sources = new ArrayList<>();
            for (Path main : modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
                }
            }
            return sources;
        }
    }

    /** The reactor root: Surefire runs this test in common/. */
    private static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("pom.xml")).exists();
        return root;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code source} with its comments removed, line breaks inside block comments kept so line numbers hold. */
    static String withoutComments(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> code.append('\n'));
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                code.append(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, source.length());
                code.append(source, i, end);
                i = end;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }
}
