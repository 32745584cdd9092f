package io.lambdaarch.demo.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile that the deployment tests inspect: the base image of the final stage, the files it
 * copies from the build context, its ENV and its ENTRYPOINT (exec form).
 */
final class Dockerfile {
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

    private final List<String[]> instructions;

    private Dockerfile(List<String[]> instructions) {
        this.instructions = requireNonNull(instructions, "instructions is null");
    }

    static Dockerfile read(Path file) throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().strip().split("\\s+", 2);
            instructions.add(new String[] {parts[0].toUpperCase(java.util.Locale.ROOT), parts.length > 1 ? parts[1] : ""});
            current.setLength(0);
        }
        return new Dockerfile(instructions);
    }

    /** The image of the last FROM, the one the container runs. */
    String finalBaseImage() {
        String image = null;
        for (String[] instruction : instructions) {
            if (instruction[0].equals("FROM")) {
                image = instruction[1].split("\\s+")[0];
            }
        }
        if (image == null) {
            throw new IllegalStateException("no FROM");
        }
        return image;
    }

    /** A COPY or ADD from the build context: its sources and its destination in the image. */
    record Copy(List<String> sources, String destination) {
    }

    /** COPY and ADD instructions that read the build context (not another stage). */
    List<Copy> contextCopies() {
        List<Copy> copies = new ArrayList<>();
        for (String[] instruction : instructions) {
            if (!instruction[0].equals("COPY") && !instruction[0].equals("ADD")) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(instruction[1].split("\\s+")));
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue;
            }
            words.removeIf(w -> w.startsWith("--"));
            copies.add(new Copy(List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1)));
        }
        return copies;
    }

    /** The ENV of the final stage (key=value form). */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String[] instruction : instructions) {
            if (instruction[0].equals("FROM")) {
                environment.clear();
            } else if (instruction[0].equals("ENV")) {
                Matcher matcher = ENV_PAIR.matcher(instruction[1]);
                while (matcher.find()) {
                    environment.put(matcher.group(1), matcher.group(2).replaceAll("^\"|\"$", ""));
                }
            }
        }
        return environment;
    }

    /** The ENTRYPOINT of the final stage in exec form; empty if there is none. */
    List<String> entrypoint() throws IOException {
        String entrypoint = null;
        for (String[] instruction : instructions) {
            if (instruction[0].equals("FROM")) {
                entrypoint = null;
            } else if (instruction[0].equals("ENTRYPOINT")) {
                entrypoint = instruction[1];
            }
        }
        if (entrypoint == null) {
            return List.of();
        }
        return new ObjectMapper().readValue(entrypoint, new TypeReference<List<String>>() { });
    }

    /** The USER of the final stage, or {@code root} when none is set. */
    String user() {
        String user = "root";
        for (String[] instruction : instructions) {
            if (instruction[0].equals("FROM")) {
                user = "root";
            } else if (instruction[0].equals("USER")) {
                user = instruction[1];
            }
        }
        return user;
    }
}
