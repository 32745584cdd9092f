package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * Where the archive lives. Without an endpoint the AWS SDK's defaults apply (real S3, default credential chain, and
 * the default region chain unless {@code AWS_REGION} is set); with one (S3Proxy, any S3-compatible server) path-style access is the
 * default. The credentials are {@link AwsCredentialSettings}: keys (with a session token when temporary) or the SDK's
 * default chain.
 *
 * @param region the region when configured; empty leaves it to the SDK's default region chain (profile, instance or
 *     task metadata), or {@link #DEFAULT_REGION} for a custom endpoint, which ignores it
 */
public record S3Settings(
        Optional<URI> endpoint,
        String bucket,
        Optional<String> region,
        boolean pathStyleAccess,
        AwsCredentialSettings credentials) {
    public static final Setting<URI> ENDPOINT = Setting.define("LAMBDA_S3_ENDPOINT", SettingType.uri("http", "https"), Service.BATCH)
            .defaultDescribedAs("AWS S3")
            .doc("S3-compatible endpoint (e.g. S3Proxy)");
    public static final Setting<String> BUCKET = Setting.define("LAMBDA_S3_BUCKET",
                    SettingType.matching("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
                            "an S3 bucket name (3-63 characters: lower-case letters, digits, dots, hyphens)"),
                    Service.BATCH)
            .required("an S3 bucket name")
            .doc("archive bucket");
    public static final Setting<Boolean> PATH_STYLE = Setting.define("LAMBDA_S3_PATH_STYLE", SettingType.bool(), Service.BATCH)
            .defaultDescribedAs("`true` with an endpoint")
            .doc("path-style addressing");
    public static final Setting<String> REGION = Setting.define("AWS_REGION", SettingType.string(), Service.BATCH)
            .defaultDescribedAs("SDK chain")
            .doc("S3 region; unset, the SDK's default region chain applies (with `LAMBDA_S3_ENDPOINT`: `us-east-1`,"
                    + " which S3Proxy ignores)");
    /** The signing region used with a custom endpoint when none is configured (S3Proxy accepts any). */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(region, "region is null");
        requireNonNull(credentials, "credentials is null");
    }

    /** Reads the S3 settings; problems are collected in {@code reader}. */
    public static S3Settings from(ConfigReader reader) {
        Optional<URI> endpoint = reader.optional(ENDPOINT);
        String bucket = reader.get(BUCKET);
        Optional<String> region = reader.optional(REGION);
        boolean pathStyle = reader.optional(PATH_STYLE).orElse(endpoint.isPresent());
        return new S3Settings(endpoint, bucket, region, pathStyle, AwsCredentialSettings.from(reader));
    }
}
