package io.lambdaarch.localstack.kafka;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed broker certificate for a TLS listener, in a PKCS12 keystore, and a truststore holding it for the
 * clients: what a deployment's CA would issue, made with the JDK's own {@code keytool} (the JDK has no public API to
 * sign a certificate). The certificate names {@code localhost} and {@code 127.0.0.1}, so clients verify the host name
 * as they do in production.
 *
 * @param keystore the broker's key and certificate (PKCS12)
 * @param truststore the certificate alone, for clients (PKCS12)
 * @param password of both stores and of the key
 */
public record BrokerTls(Path keystore, Path truststore, String password) {
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    public BrokerTls {
        requireNonNull(keystore, "keystore is null");
        requireNonNull(truststore, "truststore is null");
        requireNonNull(password, "password is null");
    }

    /** Generates the key pair, certificate and both stores in {@code directory}. */
    public static BrokerTls generate(Path directory, String host) {
        try {
            Files.createDirectories(directory);
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            Path keystore = directory.resolve("broker-keystore.p12");
            Path certificate = directory.resolve("broker.pem");
            Path truststore = directory.resolve("kafka-truststore.p12");
            for (Path existing : List.of(keystore, certificate, truststore)) {
                Files.deleteIfExists(existing);
            }
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                    "-dname", "CN=" + host, "-ext", subjectAlternativeNames(host),
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(),
                    "-keystore", keystore.toString(), "-storepass", password);
            keytool("-importcert", "-noprompt", "-alias", "lambda-broker", "-file", certificate.toString(),
                    "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
            return new BrokerTls(keystore, truststore, password);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot generate the broker's TLS stores in " + directory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while generating the broker's TLS stores", e);
        }
    }

    private static String subjectAlternativeNames(String host) {
        String names = "SAN=dns:localhost,ip:127.0.0.1";
        if (host.equals("localhost") || host.equals("127.0.0.1")) {
            return names;
        }
        return names + (host.matches("[0-9.]+") ? ",ip:" : ",dns:") + host;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool " + arguments[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed: " + new String(output, StandardCharsets.UTF_8).strip());
        }
    }
}
