package io.lambdaarch.demo.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages under docs/ link to each other by file and heading, and code, SQL, scripts and error
 * messages cite docs/design.md by heading anchor. A renamed heading or a moved page would leave those references
 * pointing nowhere without anyone noticing; this test resolves every one of them.
 */
class DocumentationLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DESIGN = ROOT.resolve("docs/design.md");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern DESIGN_REFERENCE = Pattern.compile("design\\.md#([A-Za-z0-9_-]+)");
    /** How references looked before the contract was in the repository: the file name, then "section" and a number. */
    private static final Pattern SECTION_NUMBER_REFERENCE = Pattern.compile("design\\.md,? section \\d");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".lambda", "node_modules", "results");
    private static final Set<String> SOURCE_SUFFIXES = Set.of(".java", ".sql", ".sh", ".md", ".yml", ".yaml", ".properties");

    @Test
    void shouldResolveEveryRelativeLinkOfTheReadmeAndTheDocs() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : markdownPages()) {
            Matcher link = MARKDOWN_LINK.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }

        assertThat(broken).isEmpty();
    }

    @Test
    void shouldPointEveryDesignReferenceAtAHeadingOfDocsDesign() throws IOException {
        Set<String> headings = anchors(DESIGN);
        List<String> broken = new ArrayList<>();
        List<Path> files = sourceFiles();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher reference = DESIGN_REFERENCE.matcher(text);
            while (reference.find()) {
                if (!headings.contains(reference.group(1))) {
                    broken.add(ROOT.relativize(file) + ": design.md#" + reference.group(1));
                }
            }
            if (SECTION_NUMBER_REFERENCE.matcher(text).find()) {
                broken.add(ROOT.relativize(file) + ": cites a numbered section instead of an anchor of docs/design.md");
            }
        }

        assertThat(files).as("files scanned").hasSizeGreaterThan(100);
        assertThat(headings).contains("the-event", "validation-and-normalization", "the-view", "the-boundary-rule",
                "the-s3-archive", "warehouse-tables");
        assertThat(broken).isEmpty();
    }

    @Test
    void shouldNameHeadingsAsGitHubDoes() {
        assertThat(anchor("Self-check: `./lambda verify`")).isEqualTo("self-check-lambda-verify");
        assertThat(anchor("serving_view and the command line")).isEqualTo("serving_view-and-the-command-line");
        assertThat(anchor("What the misses come from, and what would fix them"))
                .isEqualTo("what-the-misses-come-from-and-what-would-fix-them");
    }

    private static List<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static List<Path> sourceFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> ROOT.relativize(f).getNameCount() == 1 || !skipped(ROOT.relativize(f).getParent()))
                    .filter(f -> SOURCE_SUFFIXES.stream().anyMatch(s -> f.toString().endsWith(s))
                            || f.getFileName().toString().equals("lambda"))
                    .sorted()
                    .toList();
        }
    }

    private static boolean skipped(Path directory) {
        for (Path part : directory) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    /** The anchors GitHub gives the headings of a Markdown page (outside code blocks). */
    // Visible for testing
    static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        boolean inCode = false;
        try {
            for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
                if (line.startsWith("```")) {
                    inCode = !inCode;
                } else if (!inCode && line.matches("#{1,6} .*")) {
                    anchors.add(anchor(line.replaceFirst("^#+ ", "")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchors;
    }

    /** GitHub's rule: lower case, punctuation other than '-' and '_' dropped, spaces turned into '-'. */
    // Visible for testing
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }
}
