package io.lambdaarch.ingestion.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Secret;
import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingType;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import io.lambdaarch.ingestion.x.XRule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What to read from: one record type per {@link SourceKind}. */
public sealed interface SourceSettings {
    SourceKind kind();

    /** A synthetic workload. */
    record Synthetic(SyntheticWorkload workload) implements SourceSettings {
        public Synthetic {
            requireNonNull(workload, "workload is null");
        }

        @Override
        public SourceKind kind() {
            return SourceKind.SYNTHETIC;
        }
    }

    /** A JSON Lines file, plain or gzip. */
    record Replay(Path file, RecordFormat format) implements SourceSettings {
        public Replay {
            requireNonNull(file, "file is null");
            requireNonNull(format, "format is null");
        }

        @Override
        public SourceKind kind() {
            return SourceKind.REPLAY;
        }
    }

    /**
     * The X API v2 filtered stream.
     *
     * @param apiUrl base URL of the X API ({@code https://api.x.com}), or of a test server
     * @param bearerToken the app's bearer token
     * @param rules the rules to sync before connecting; empty leaves the stream's rules as they are
     * @param stallTimeout how long silence (no post, no keep-alive) may last before reconnecting
     */
    record XStream(URI apiUrl, Secret bearerToken, Optional<List<XRule>> rules, Duration stallTimeout) implements SourceSettings {
        public static final Setting<Secret> BEARER_TOKEN = Setting.define("LAMBDA_X_BEARER_TOKEN", SettingType.token(), Service.INGEST)
                .required("the bearer token of an X app with filtered-stream access")
                .defaultDescribedAs("(required for `x-stream`)")
                .doc("bearer token of an X app with filtered-stream access");
        public static final Setting<URI> API_URL = Setting.define("LAMBDA_X_API_URL", SettingType.uri("https", "http"), Service.INGEST)
                .defaultValue(URI.create("https://api.x.com"))
                .doc("base URL of the X API (tests point it at a local server)");
        public static final Setting<Path> RULES_FILE = Setting.define("LAMBDA_X_RULES_FILE", SettingType.path(), Service.INGEST)
                .doc("JSON array of `{\"value\": \"...\", \"tag\": \"...\"}` filtered-stream rules to sync before"
                        + " connecting; unset leaves the stream's rules alone");
        /** X sends a keep-alive every 20 s, so 20 s of silence means the connection is gone. */
        public static final Setting<Duration> STALL_TIMEOUT = Setting.define("LAMBDA_X_STALL_TIMEOUT",
                        SettingType.duration(Duration.ofSeconds(1)), Service.INGEST)
                .defaultValue(Duration.ofSeconds(20))
                .doc("silence (no post, no keep-alive) after which the stream counts as stalled and is reconnected");

        public XStream {
            requireNonNull(apiUrl, "apiUrl is null");
            requireNonNull(bearerToken, "bearerToken is null");
            rules = requireNonNull(rules, "rules is null").map(List::copyOf);
            requireNonNull(stallTimeout, "stallTimeout is null");
        }

        @Override
        public SourceKind kind() {
            return SourceKind.X_STREAM;
        }
    }
}
