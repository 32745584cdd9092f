package io.lambdaarch.batch.s3;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive bucket: the few S3 operations the batch layer needs, each turning an SDK failure into one line that
 * names the operation, the object and the endpoint. The SDK retries transient failures itself (standard retry mode).
 */
public final class ArchiveStore implements AutoCloseable {
    private final S3Client client;
    private final String bucket;
    private final String endpoint;

    // Visible for testing
    ArchiveStore(S3Client client, String bucket, String endpoint) {
        this.client = requireNonNull(client, "client is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
    }

    /** A store on the configured bucket; the caller closes it. */
    public static ArchiveStore connect(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .forcePathStyle(settings.pathStyleAccess())
                .credentialsProvider(credentials(settings.credentials()))
                .httpClient(UrlConnectionHttpClient.create());
        settings.endpoint().ifPresent(builder::endpointOverride);
        // Without AWS_REGION, real S3 takes the SDK's default region chain (profile, EC2/ECS metadata), as the
        // credentials do; a custom endpoint ignores the region but the SDK still needs one to sign.
        settings.region().or(() -> settings.endpoint().map(e -> S3Settings.DEFAULT_REGION))
                .ifPresent(region -> builder.region(Region.of(region)));
        S3Client client;
        try {
            client = builder.build();
        } catch (SdkException e) {
            throw new TerseException("Cannot create the S3 client: " + Failures.rootMessage(e) + " (set "
                    + S3Settings.REGION + " to the bucket's region)", e);
        }
        String endpoint = settings.endpoint().map(Object::toString)
                .orElse("AWS S3 (" + client.serviceClientConfiguration().region() + ")");
        return new ArchiveStore(client, settings.bucket(), endpoint);
    }

    /**
     * Keys when configured, with their session token when they are temporary (STS, SSO: AWS rejects such keys without
     * it); otherwise the SDK's default chain, which includes web identity (EKS) and SSO because the STS and SSO
     * modules are on the classpath.
     */
    // Visible for testing
    static AwsCredentialsProvider credentials(AwsCredentialSettings settings) {
        if (!settings.hasKeys()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String keyId = settings.accessKeyId().orElseThrow();
        String secret = settings.secretAccessKey().orElseThrow().reveal();
        return StaticCredentialsProvider.create(settings.sessionToken()
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(keyId, secret, token.reveal()))
                .orElseGet(() -> AwsBasicCredentials.create(keyId, secret)));
    }

    public String bucket() {
        return bucket;
    }

    /** {@code s3://bucket/key}, the form Redshift manifests and COPY use. */
    public String url(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** Fails with one line unless the bucket answers; called before any long work starts. */
    public void checkReachable() {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new TerseException("S3 bucket " + bucket + " does not exist at " + endpoint, e);
        } catch (SdkException e) {
            throw failure("reach bucket " + bucket, e);
        }
    }

    /** Uploads {@code file} as {@code key}, replacing any object of that name. */
    public void putFile(String key, Path file, String contentType) {
        try {
            client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("upload " + url(key), e);
        }
    }

    /** Uploads a small object held in memory (a manifest). */
    public void putBytes(String key, byte[] content, String contentType) {
        try {
            client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("upload " + url(key), e);
        }
    }

    /** Streams the object's content; the caller closes the stream. */
    public InputStream open(String key) {
        try {
            return client.getObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("read " + url(key), e);
        }
    }

    /** Calls {@code action} for every object under {@code prefix}, page by page (keys in lexicographic order). */
    public void forEachObject(String prefix, Consumer<S3Object> action) {
        try {
            client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(action);
        } catch (SdkException e) {
            throw failure("list " + url(prefix), e);
        }
    }

    private TerseException failure(String what, SdkException e) {
        return new TerseException("S3 at " + endpoint + ": cannot " + what + ": " + Failures.rootMessage(e), e);
    }

    @Override
    public void close() {
        client.close();
    }
}
