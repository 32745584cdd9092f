package io.lambdaarch.batch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.localstack.StackSandbox;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads the sandbox's archive bucket directly, for assertions. */
public final class TestArchive {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestArchive() {
    }

    /** Every key under {@code prefix}. */
    public static List<String> keys(StackSandbox sandbox, String prefix) {
        try (S3Client s3 = sandbox.stack().s3().client()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(sandbox.bucket()).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    /** Every JSON line of every gzipped object under {@code prefix}. */
    public static List<JsonNode> lines(StackSandbox sandbox, String prefix) {
        List<JsonNode> lines = new ArrayList<>();
        try (S3Client s3 = sandbox.stack().s3().client()) {
            for (String key : keys(sandbox, prefix)) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                        s3.getObject(b -> b.bucket(sandbox.bucket()).key(key))), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(MAPPER.readTree(line));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(key, e);
                }
            }
        }
        return lines;
    }

    /** The decompressed bytes of every object under {@code prefix}, concatenated, as they are in the archive. */
    public static byte[] bytes(StackSandbox sandbox, String prefix) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (S3Client s3 = sandbox.stack().s3().client()) {
            for (String key : keys(sandbox, prefix)) {
                try (GZIPInputStream in = new GZIPInputStream(s3.getObject(b -> b.bucket(sandbox.bucket()).key(key)))) {
                    in.transferTo(all);
                } catch (IOException e) {
                    throw new UncheckedIOException(key, e);
                }
            }
        }
        return all.toByteArray();
    }

    /** Deletes every object under {@code prefix}. */
    public static void deleteAll(StackSandbox sandbox, String prefix) {
        try (S3Client s3 = sandbox.stack().s3().client()) {
            for (String key : keys(sandbox, prefix)) {
                s3.deleteObject(b -> b.bucket(sandbox.bucket()).key(key));
            }
        }
    }
}
