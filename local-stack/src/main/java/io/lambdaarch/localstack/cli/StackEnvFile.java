package io.lambdaarch.localstack.cli;

import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.LocalStackConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code .lambda/stack.env}: {@code KEY=value} lines that every service reads when its variables are not
 * set, and that a shell can source ({@code set -a; . .lambda/stack.env}) for psql, the AWS CLI or Kafka's tools.
 */
final class StackEnvFile {
    private StackEnvFile() {
    }

    static Map<String, String> entries(LocalStack stack) {
        Map<String, String> entries = new LinkedHashMap<>(stack.connectionSettings());
        // Lets tools that reuse a running stack keep their own state (the speed layer's checkpoint) next to its data.
        entries.put(LocalStackConfig.DATA_DIR.name(), stack.config().dataDir().toAbsolutePath().toString());
        entries.put("PGHOST", stack.warehouse().host());
        entries.put("PGPORT", Integer.toString(stack.warehouse().port()));
        entries.put("PGDATABASE", LocalStackConfig.DATABASE);
        entries.put("PGUSER", stack.warehouse().user());
        entries.put("PGPASSWORD", stack.warehouse().password().reveal());
        return entries;
    }

    /** Writes the file atomically, so a reader never sees half of it. */
    static void write(Path file, LocalStack stack) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("# Written by ./lambda stack at ").append(Instant.now()).append(" (pid ")
                .append(ProcessHandle.current().pid()).append("). Removed when the stack stops.\n")
                .append("# Services read it when their LAMBDA_* variables are not set; shells can source it.\n");
        entries(stack).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "stack", ".env.tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
