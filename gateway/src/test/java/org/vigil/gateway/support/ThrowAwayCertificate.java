package org.vigil.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 made at test time with the JDK's {@code keytool}, valid
 * two days, written as a PKCS #12 keystore without password and as PEM certificate and key.
 */
public final class ThrowAwayCertificate {

    private static final String ALIAS = "vigil";

    private final Path pkcs12;
    private final Path pem;
    private final Path pemKey;
    private final KeyStore trust;

    private ThrowAwayCertificate(Path pkcs12, Path pem, Path pemKey, KeyStore trust) {
        this.pkcs12 = pkcs12;
        this.pem = pem;
        this.pemKey = pemKey;
        this.trust = trust;
    }

    public static ThrowAwayCertificate in(Path directory) throws IOException, InterruptedException, GeneralSecurityException {
        Path made = directory.resolve("made.p12");
        char[] password = "throw-away".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", made.toString(), "-storepass", new String(password), "-keypass", new String(password))
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool could not make a certificate");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(made)) {
            store.load(in, password);
        }
        PrivateKey key = (PrivateKey) store.getKey(ALIAS, password);
        Certificate[] chain = store.getCertificateChain(ALIAS);

        KeyStore open = KeyStore.getInstance("PKCS12");
        open.load(null, null);
        open.setKeyEntry(ALIAS, key, new char[0], chain);
        Path pkcs12 = directory.resolve("vigil.p12");
        try (OutputStream out = Files.newOutputStream(pkcs12)) {
            open.store(out, new char[0]);
        }
        Path pem = directory.resolve("vigil.crt");
        Files.writeString(pem, pem("CERTIFICATE", chain[0].getEncoded()), StandardCharsets.US_ASCII);
        Path pemKey = directory.resolve("vigil.key");
        Files.writeString(pemKey, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        Files.delete(made);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, chain[0]);
        return new ThrowAwayCertificate(pkcs12, pem, pemKey, trust);
    }

    public Path pkcs12() {
        return pkcs12;
    }

    public Path pem() {
        return pem;
    }

    public Path pemKey() {
        return pemKey;
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext clientContext() throws GeneralSecurityException {
        TrustManagerFactory trusting = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusting.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trusting.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
