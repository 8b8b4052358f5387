package io.github.kernellogger.reader.forward.engines;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority made at test time with openssl, and what it signed: a
 * server certificate for 127.0.0.1 and localhost, and a client certificate. ECDSA P-256 keys,
 * valid for two days. Files, all in one folder:
 * <pre>
 *   ca.pem                  the CA's certificate, the one thing a client must trust
 *   server.pem, server.key  the server's certificate and key (PEM; the key unencrypted PKCS#8)
 *   client.pem, client.key  the client's, for mutual TLS
 *   truststore.p12          PKCS#12 holding ca.pem as a trusted certificate, password {@link #PASSWORD}
 *   client.p12              PKCS#12 holding the client's key and chain, password {@link #PASSWORD}
 * </pre>
 * The PKCS#12 files are written with Java's KeyStore: openssl 3.0 cannot mark a certificate as
 * trusted for Java, so a truststore of its making would trust nothing.
 */
public final class TestCertificates {
    /** The password of both PKCS#12 files. */
    public static final String PASSWORD = "changeit";
    private static final Duration OPENSSL_TIMEOUT = Duration.ofMinutes(1);

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA and the certificates in {@code dir}, which must exist. */
    static TestCertificates create(Path dir) {
        Tool.require(Path.of("/usr/bin/openssl"), "openssl");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=kernel-logger test CA", "-keyout", "ca.key", "-out", "ca.pem",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        sign(dir, "server", "/CN=localhost",
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        sign(dir, "client", "/CN=kernel-logger forward test client", "extendedKeyUsage=clientAuth\n");
        TestCertificates c = new TestCertificates(dir);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("kernel-logger-test-ca", c.certificate(c.caCertificate()));
            store(trust, c.trustStore());
            KeyStore client = KeyStore.getInstance("PKCS12");
            client.load(null, null);
            client.setKeyEntry("client", c.privateKey(dir.resolve("client.key")), PASSWORD.toCharArray(),
                    new Certificate[] {c.certificate(c.clientCertificate()), c.certificate(c.caCertificate())});
            store(client, c.clientKeyStore());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the PKCS#12 files in " + dir, e);
        }
        return c;
    }

    private static void sign(Path dir, String name, String subject, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"),
                    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n" + extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", subject, "-keyout", name + ".key", "-out", name + ".csr");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-set_serial", Long.toString(System.nanoTime()), "-days", "2",
                "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Tool.run(dir, OPENSSL_TIMEOUT, command).orThrow();
    }

    private static void store(KeyStore ks, Path file) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        }
    }

    private Certificate certificate(Path pem) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private PrivateKey privateKey(Path pem) throws GeneralSecurityException, IOException {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    public Path serverCertificate() {
        return dir.resolve("server.pem");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path clientCertificate() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /**
     * A TLS context that trusts the test CA and nothing else, and presents the client certificate
     * if {@code withClientCertificate}.
     */
    public SSLContext clientContext(boolean withClientCertificate) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore()));
            KeyManagerFactory kmf = null;
            if (withClientCertificate) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(clientKeyStore()), PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a TLS context of the test certificates in " + dir, e);
        }
    }

    private static KeyStore load(Path file) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
