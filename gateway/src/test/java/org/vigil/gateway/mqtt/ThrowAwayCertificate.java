package org.vigil.gateway.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1, made at test time with the JDK's {@code keytool} and
 * written as the PEM files the broker reads (RFC 7468: {@code CERTIFICATE}, and {@code PRIVATE KEY}
 * for PKCS#8). Nothing of it outlives the test's folder.
 */
record ThrowAwayCertificate(Path certificate, Path key, Certificate x509) {

    private static final String ALIAS = "broker";
    private static final char[] STORE_PASSWORD = "throw-away".toCharArray();

    static ThrowAwayCertificate in(Path directory) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = directory.resolve("broker.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        Certificate x509 = keys.getCertificate(ALIAS);
        PrivateKey key = (PrivateKey) keys.getKey(ALIAS, STORE_PASSWORD);
        Path certificateFile = directory.resolve("broker.crt");
        Path keyFile = directory.resolve("broker.key");
        Files.writeString(certificateFile, pem("CERTIFICATE", x509.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        return new ThrowAwayCertificate(certificateFile, keyFile, x509);
    }

    /** Sockets that trust this certificate and nothing else. */
    SSLSocketFactory trustingSockets() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, x509);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
