package io.lambdaarch.localstack.s3;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.TerseException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * An S3 API server (S3Proxy) inside this JVM, storing objects as files under one directory, so they outlive a
 * restart. It checks AWS signatures (V2 or V4) against one static key pair.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    /** Region the local stack reports; S3Proxy accepts any. */
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3(S3Proxy proxy, URI endpoint, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts S3Proxy on {@code host:port} with its objects under {@code baseDir} (one sub-directory per bucket). */
    public static EmbeddedS3 start(Path baseDir, String host, int port, String accessKey, String secretKey) {
        requireNonNull(baseDir, "baseDir is null");
        URI endpoint = URI.create("http://" + host + ":" + port);
        try {
            Files.createDirectories(baseDir);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(baseDir.toAbsolutePath().toString()))
                    .endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            waitUntilStarted(proxy);
            LOG.info("S3 API ready at {} (objects in {})", endpoint, baseDir);
            return new EmbeddedS3(proxy, endpoint, accessKey, secretKey);
        } catch (TerseException e) {
            throw e;
        } catch (Exception e) {
            throw new TerseException("S3Proxy did not start on " + endpoint + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** A new path-style client for this server; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String name) {
        try (S3Client s3 = client()) {
            try {
                s3.headBucket(HeadBucketRequest.builder().bucket(name).build());
            } catch (NoSuchBucketException e) {
                try {
                    s3.createBucket(b -> b.bucket(name));
                } catch (BucketAlreadyOwnedByYouException alreadyThere) {
                    // created concurrently: fine
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("S3Proxy did not stop cleanly", e);
        }
    }

    private static void waitUntilStarted(S3Proxy proxy) throws InterruptedException {
        for (int i = 0; i < 300 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(20);
        }
        if (!"STARTED".equals(proxy.getState())) {
            throw new TerseException("S3Proxy is " + proxy.getState() + " after 6 s");
        }
    }
}
