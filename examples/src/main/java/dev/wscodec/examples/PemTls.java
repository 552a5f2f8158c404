package dev.wscodec.examples;

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
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server {@link SSLContext} from PEM files with the JDK alone (the {@code blocking} command has no Vert.x): the
 * certificate chain, leaf first, and its private key in PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA, EC or EdDSA.
 */
final class PemTls {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PemTls() {
    }

    /** The context for {@code --tls-cert} and {@code --tls-key}, or {@code null} when neither was given. */
    static SSLContext fromArgs(Args a) throws IOException, GeneralSecurityException {
        if (!Servers.tls(a)) {
            return null;
        }
        Servers.requireTlsPair(a);
        return serverContext(Path.of(Servers.readable(a, "--tls-cert")), Path.of(Servers.readable(a, "--tls-key")));
    }

    /**
     * The context serving {@code certPem} with {@code keyPem}.
     *
     * @throws Args.UsageException when a file holds no certificate or no PKCS#8 key
     */
    static SSLContext serverContext(Path certPem, Path keyPem) throws IOException, GeneralSecurityException {
        List<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certPem)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (chain.isEmpty()) {
            throw new Args.UsageException("The file given to --tls-cert, '" + certPem + "', holds no certificate.");
        }
        PrivateKey key = privateKey(keyPem);
        char[] password = new char[0];
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static PrivateKey privateKey(Path keyPem) throws IOException {
        String text = Files.readString(keyPem, StandardCharsets.US_ASCII);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new Args.UsageException("The file given to --tls-key, '" + keyPem + "', holds no PKCS#8 private key"
                    + " ('" + BEGIN + "'); convert another format with: openssl pkcs8 -topk8 -nocrypt -in KEY"
                    + " -out KEY8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException notThisOne) {
                // try the next algorithm
            }
        }
        throw new Args.UsageException("The private key in '" + keyPem + "' is not an RSA, EC or EdDSA key.");
    }
}
