package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * Where the archive lives. Without an endpoint the AWS SDK's defaults apply (real S3, default credential chain, and
 * the default region chain unless {@code AWS_REGION} is set); with one (S3Proxy, any S3-compatible server) path-style access is the
 * default. Static keys are used when given, because the local stack hands them over in stack.env rather than in the
 * process environment the SDK reads.
 *
 * @param region the region when configured; empty leaves it to the SDK's default region chain (profile, instance or
 *     task metadata), or {@link #DEFAULT_REGION} for a custom endpoint, which ignores it
 */
public record S3Settings(
        Optional<URI> endpoint,
        String bucket,
        Optional<String> region,
        boolean pathStyleAccess,
        Optional<String> accessKeyId,
        Optional<Secret> secretAccessKey) {
    public static final String ENDPOINT = "LAMBDA_S3_ENDPOINT";
    public static final String BUCKET = "LAMBDA_S3_BUCKET";
    public static final String PATH_STYLE = "LAMBDA_S3_PATH_STYLE";
    public static final String REGION = "AWS_REGION";
    public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    /** The signing region used with a custom endpoint when none is configured (S3Proxy accepts any). */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(region, "region is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
    }

    /** Reads the S3 settings; problems are collected in {@code reader}. */
    public static S3Settings from(ConfigReader reader) {
        Optional<URI> endpoint = reader.optionalUri(ENDPOINT, "http", "https");
        String bucket = reader.requiredString(BUCKET, "an S3 bucket name");
        if (!bucket.isEmpty() && !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            reader.invalid(BUCKET, bucket, "an S3 bucket name (3-63 characters: lower-case letters, digits, dots, hyphens)");
        }
        Optional<String> region = reader.optionalString(REGION);
        boolean pathStyle = reader.bool(PATH_STYLE, endpoint.isPresent());
        Optional<String> keyId = reader.optionalString(ACCESS_KEY_ID);
        Optional<Secret> secret = reader.optionalString(SECRET_ACCESS_KEY).map(Secret::new);
        reader.check(keyId.isPresent() == secret.isPresent(),
                ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + " must be set together (or both left to the AWS credential chain)");
        return new S3Settings(endpoint, bucket, region, pathStyle, keyId, secret);
    }
}
