package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The AWS credentials a service signs its S3 requests with (the batch layer's archive, the speed job's {@code s3a://}
 * checkpoint). Without keys the AWS SDK's default chain applies: environment, system properties, web identity (EKS
 * service accounts), the profile file (SSO included), then container and instance metadata. Keys given here win over
 * the chain because the local stack hands them over in stack.env, which the SDK does not read; temporary keys (STS,
 * SSO, an assumed role) come with their session token, without which AWS rejects them.
 *
 * @param accessKeyId the access key id, present exactly when {@code secretAccessKey} is
 * @param sessionToken the session token of temporary keys; only with keys
 */
public record AwsCredentialSettings(Optional<String> accessKeyId, Optional<Secret> secretAccessKey, Optional<Secret> sessionToken) {
    public static final Setting<String> ACCESS_KEY_ID = Setting.define("AWS_ACCESS_KEY_ID", SettingType.string(),
                    Service.BATCH, Service.SPEED)
            .defaultDescribedAs("SDK chain")
            .doc("AWS access key id for S3 (the archive, an `s3a://` speed checkpoint), set together with"
                    + " `AWS_SECRET_ACCESS_KEY`; without keys the SDK's default chain applies (environment, web identity"
                    + " on EKS, profile and SSO, container and instance roles)");
    public static final Setting<Secret> SECRET_ACCESS_KEY = Setting.define("AWS_SECRET_ACCESS_KEY", SettingType.secret(),
                    Service.BATCH, Service.SPEED)
            .defaultDescribedAs("SDK chain")
            .doc("AWS secret access key, set together with `AWS_ACCESS_KEY_ID`");
    public static final Setting<Secret> SESSION_TOKEN = Setting.define("AWS_SESSION_TOKEN", SettingType.token(),
                    Service.BATCH, Service.SPEED)
            .doc("session token of temporary keys (STS, SSO, an assumed role), sent with every request; only with"
                    + " `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`");

    /** No keys: the SDK's default credential chain. */
    public static final AwsCredentialSettings DEFAULT_CHAIN = new AwsCredentialSettings(Optional.empty(), Optional.empty(), Optional.empty());

    public AwsCredentialSettings {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(sessionToken, "sessionToken is null");
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("accessKeyId and secretAccessKey must be given together");
        }
        if (sessionToken.isPresent() && accessKeyId.isEmpty()) {
            throw new IllegalArgumentException("sessionToken needs keys");
        }
    }

    /** Keys without a session token (long-lived keys of an IAM user). */
    public static AwsCredentialSettings keys(String accessKeyId, Secret secretAccessKey) {
        return new AwsCredentialSettings(Optional.of(accessKeyId), Optional.of(secretAccessKey), Optional.empty());
    }

    /** Reads the credential settings; problems are collected in {@code reader}. */
    public static AwsCredentialSettings from(ConfigReader reader) {
        Optional<String> keyId = reader.optional(ACCESS_KEY_ID);
        Optional<Secret> secret = reader.optional(SECRET_ACCESS_KEY);
        Optional<Secret> token = reader.optional(SESSION_TOKEN);
        boolean keysTogether = keyId.isPresent() == secret.isPresent();
        reader.check(keysTogether,
                ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + " must be set together (or both left to the AWS credential chain)");
        boolean tokenWithKeys = token.isEmpty() || keyId.isPresent() && secret.isPresent();
        reader.check(tokenWithKeys, SESSION_TOKEN + " is set without " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY
                + ": a session token belongs to the temporary keys it was issued with");
        if (!keysTogether) {
            return DEFAULT_CHAIN;
        }
        return new AwsCredentialSettings(keyId, secret, tokenWithKeys ? token : Optional.empty());
    }

    /** True when keys are configured; false leaves signing to the SDK's default chain. */
    public boolean hasKeys() {
        return accessKeyId.isPresent();
    }
}
