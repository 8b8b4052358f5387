package io.github.kernellogger.reader.forward;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's TLS, set up from PEM files as syslog servers and their operators have them (rsyslog's
 * gtls takes the same): the CA certificates to trust the server by (or, without any, the JDK's
 * own), and optionally the client's certificate chain and its unencrypted PKCS#8 key.
 */
final class TlsContext {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContext() {}

    /**
     * The TLS of the settings' {@code tls.ca}, {@code tls.cert} and {@code tls.key}.
     *
     * @throws IllegalArgumentException naming the file that cannot be used, and why
     */
    static SSLContext of(SyslogSettings s) {
        String sink = s.sink();
        Path ca = s.ca();
        Path cert = s.cert();
        Path key = s.key();
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (ca == null) {
                trust.init((KeyStore) null); // the JDK's own CAs
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<Certificate> cas = certificates(ca, sink + ".tls.ca");
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("ca-" + i, cas.get(i));
                }
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (cert != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<Certificate> chain = certificates(cert, sink + ".tls.cert");
                store.setKeyEntry("client", privateKey(sink, key), NO_PASSWORD, chain.toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, NO_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file, String key) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IllegalArgumentException(key + " " + file + " holds no certificate (PEM, BEGIN CERTIFICATE)");
            }
            return new ArrayList<>(read);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " " + file + " cannot be read: " + reason(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(key + " " + file + " holds no certificate (PEM, BEGIN CERTIFICATE): "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String sink, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(sink + ".tls.key " + file + " cannot be read: " + reason(e), e);
        }
        Matcher m = PRIVATE_KEY.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(sink + ".tls.key " + file + " holds no unencrypted PKCS#8 key (BEGIN "
                    + "PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // the next algorithm
            }
        }
        throw new IllegalArgumentException(sink + ".tls.key " + file + " is no EC, RSA or EdDSA key");
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
    }
}
