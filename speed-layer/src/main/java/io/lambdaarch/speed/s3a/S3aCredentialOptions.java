package io.lambdaarch.speed.s3a;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.AwsCredentialSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials of an {@code s3a://} checkpoint, as Hadoop's S3A settings, from the same AWS settings the batch
 * layer's S3 client uses: keys become {@code fs.s3a.access.key}/{@code secret.key}, with {@code fs.s3a.session.token}
 * and S3A's temporary-credentials provider when a session token is set; without keys the AWS SDK's full default chain
 * (web identity on EKS, profile and SSO, container and instance roles), where S3A's own default list stops at
 * environment variables and the instance role.
 *
 * <p>They go into the session's Spark configuration as {@code spark.hadoop.*} entries, which Spark copies into the
 * Hadoop configuration of the driver and of the executors that write state. A provider the user chose with
 * {@code --conf spark.hadoop.fs.s3a.aws.credentials.provider=...} is left alone, and so are its keys.
 */
public final class S3aCredentialOptions {
    private static final Logger LOG = LoggerFactory.getLogger(S3aCredentialOptions.class);

    static final String PROVIDER = "fs.s3a.aws.credentials.provider";
    static final String ACCESS_KEY = "fs.s3a.access.key";
    static final String SECRET_KEY = "fs.s3a.secret.key";
    static final String SESSION_TOKEN = "fs.s3a.session.token";
    static final String SIMPLE_PROVIDER = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider";
    static final String TEMPORARY_PROVIDER = "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider";
    /** S3A from Hadoop 3.4 on is built on the AWS SDK v2 and takes its providers. */
    static final String SDK_V2_DEFAULT_CHAIN = "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider";
    /** Hadoop 3.3 (Spark 3.5's) S3A is built on the AWS SDK v1. */
    static final String SDK_V1_DEFAULT_CHAIN = "com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

    private S3aCredentialOptions() {
    }

    /** The S3A settings for {@code credentials} on the Hadoop release {@code hadoopVersion} (e.g. {@code 3.4.1}). */
    public static Map<String, String> of(AwsCredentialSettings credentials, String hadoopVersion) {
        requireNonNull(credentials, "credentials is null");
        Map<String, String> options = new LinkedHashMap<>();
        if (!credentials.hasKeys()) {
            options.put(PROVIDER, sdkV2(hadoopVersion) ? SDK_V2_DEFAULT_CHAIN : SDK_V1_DEFAULT_CHAIN);
            return options;
        }
        options.put(PROVIDER, credentials.sessionToken().isPresent() ? TEMPORARY_PROVIDER : SIMPLE_PROVIDER);
        options.put(ACCESS_KEY, credentials.accessKeyId().orElseThrow());
        options.put(SECRET_KEY, credentials.secretAccessKey().orElseThrow().reveal());
        credentials.sessionToken().ifPresent(token -> options.put(SESSION_TOKEN, token.reveal()));
        return options;
    }

    /**
     * The {@code spark.hadoop.*} entries for {@code credentials}, none when {@code userConf} (what spark-submit was
     * given) already names an S3A credentials provider.
     */
    public static Map<String, String> sparkConf(AwsCredentialSettings credentials, SparkConf userConf, String hadoopVersion) {
        if (userConf.contains("spark.hadoop." + PROVIDER)) {
            LOG.info("S3A credentials: the provider set with spark.hadoop.{} (AWS_* settings not applied)", PROVIDER);
            return Map.of();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        of(credentials, hadoopVersion).forEach((key, value) -> entries.put("spark.hadoop." + key, value));
        LOG.info("S3A credentials: {}", entries.get("spark.hadoop." + PROVIDER));
        return entries;
    }

    /**
     * The version of the Hadoop that Spark runs on, read by reflection: Spark supplies Hadoop at run time, and the
     * speed layer compiles against no Hadoop class.
     */
    public static String runtimeHadoopVersion() {
        try {
            return (String) Class.forName("org.apache.hadoop.util.VersionInfo").getMethod("getVersion").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Cannot read the Hadoop version of this Spark: " + e, e);
        }
    }

    private static boolean sdkV2(String hadoopVersion) {
        String[] parts = hadoopVersion.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 3 || major == 3 && minor >= 4;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Cannot read the Hadoop version " + hadoopVersion, e);
        }
    }
}
