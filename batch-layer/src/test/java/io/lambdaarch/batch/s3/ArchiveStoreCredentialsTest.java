package io.lambdaarch.batch.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which credentials the archive's real S3 client signs with, read from the requests it sends: a JDK HTTP server
 * stands in for S3 (and for STS) and records each request's headers. The client, its signer and the SDK's credential
 * chain are the production ones.
 */
class ArchiveStoreCredentialsTest {
    private static final String BUCKET = "lambda-archive";
    private static final List<String> CHAIN_PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
            "aws.region", "aws.webIdentityTokenFile", "aws.roleArn", "aws.roleSessionName", "aws.endpointUrlSts");

    @TempDir
    Path directory;

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> savedProperties = new HashMap<>();
    private HttpServer server;

    private record Request(String method, String path, String authorization, Optional<String> securityToken, String body) {
    }

    @BeforeEach
    void startServer() throws IOException {
        // The SDK's chain reads these system properties first; none may leak in from the machine or another test.
        CHAIN_PROPERTIES.forEach(name -> {
            String value = System.clearProperty(name);
            if (value != null) {
                savedProperties.put(name, value);
            }
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        CHAIN_PROPERTIES.forEach(System::clearProperty);
        savedProperties.forEach(System::setProperty);
    }

    @Test
    void sessionTokenShouldReachTheRequest() {
        AwsCredentialSettings temporary = new AwsCredentialSettings(Optional.of("ASIATEMPORARY"),
                Optional.of(new Secret("temporary-secret")), Optional.of(new Secret("session-token-from-sts")));

        headBucket(temporary);

        assertThat(s3Requests()).singleElement().satisfies(request -> {
            assertThat(request.authorization()).contains("Credential=ASIATEMPORARY/");
            assertThat(request.securityToken()).contains("session-token-from-sts");
        });
    }

    @Test
    void longLivedKeysShouldSendNoToken() {
        headBucket(AwsCredentialSettings.keys("AKIALONGLIVED", new Secret("long-lived-secret")));

        assertThat(s3Requests()).singleElement().satisfies(request -> {
            assertThat(request.authorization()).contains("Credential=AKIALONGLIVED/");
            assertThat(request.securityToken()).isEmpty();
        });
    }

    @Test
    void withoutKeysTheDefaultChainShouldSignWithItsSessionToken() {
        System.setProperty("aws.accessKeyId", "ASIAFROMCHAIN");
        System.setProperty("aws.secretAccessKey", "chain-secret");
        System.setProperty("aws.sessionToken", "chain-session-token");

        headBucket(AwsCredentialSettings.DEFAULT_CHAIN);

        assertThat(s3Requests()).singleElement().satisfies(request -> {
            assertThat(request.authorization()).contains("Credential=ASIAFROMCHAIN/");
            assertThat(request.securityToken()).contains("chain-session-token");
        });
    }

    /**
     * EKS's IAM roles for service accounts: the chain exchanges the projected token file for temporary keys at STS
     * (AssumeRoleWithWebIdentity), which needs the SDK's STS module in the jar; the S3 request carries their token.
     */
    @Test
    void withoutKeysTheDefaultChainShouldUseWebIdentity() throws IOException {
        Path tokenFile = Files.writeString(directory.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.service-account.signature");
        System.setProperty("aws.region", "eu-central-1");
        System.setProperty("aws.webIdentityTokenFile", tokenFile.toString());
        System.setProperty("aws.roleArn", "arn:aws:iam::123456789012:role/lambda-batch");
        System.setProperty("aws.roleSessionName", "lambda-batch");
        System.setProperty("aws.endpointUrlSts", endpoint().toString());

        headBucket(AwsCredentialSettings.DEFAULT_CHAIN);

        assertThat(requests).filteredOn(request -> request.method().equals("POST")).singleElement()
                .satisfies(request -> assertThat(request.body()).contains("Action=AssumeRoleWithWebIdentity",
                        "WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.service-account.signature"));
        assertThat(s3Requests()).singleElement().satisfies(request -> {
            assertThat(request.authorization()).contains("Credential=ASIAWEBIDENTITY/");
            assertThat(request.securityToken()).contains("web-identity-session-token");
        });
    }

    private void headBucket(AwsCredentialSettings credentials) {
        S3Settings settings = new S3Settings(Optional.of(endpoint()), BUCKET, Optional.empty(), true, credentials);
        try (ArchiveStore store = ArchiveStore.connect(settings)) {
            store.checkReachable();
        }
    }

    private List<Request> s3Requests() {
        return requests.stream().filter(request -> request.path().startsWith("/" + BUCKET)).toList();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")), body));
        if (body.contains("Action=AssumeRoleWithWebIdentity")) {
            byte[] response = ASSUME_ROLE_RESPONSE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
        } else {
            // HeadBucket: the bucket exists
            exchange.sendResponseHeaders(200, -1);
        }
        exchange.close();
    }

    private static final String ASSUME_ROLE_RESPONSE = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <Credentials>
                  <AccessKeyId>ASIAWEBIDENTITY</AccessKeyId>
                  <SecretAccessKey>web-identity-secret</SecretAccessKey>
                  <SessionToken>web-identity-session-token</SessionToken>
                  <Expiration>2099-01-01T00:00:00Z</Expiration>
                </Credentials>
                <SubjectFromWebIdentityToken>system:serviceaccount:lambda:batch</SubjectFromWebIdentityToken>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/lambda-batch/lambda-batch</Arn>
                  <AssumedRoleId>AROAEXAMPLE:lambda-batch</AssumedRoleId>
                </AssumedRoleUser>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """;
}
