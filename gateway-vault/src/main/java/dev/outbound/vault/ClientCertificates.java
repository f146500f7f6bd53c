package dev.outbound.vault;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds the {@link SSLContext} for mutual TLS from an account's {@link Credential.ClientCertificate} (PEM chain and
 * PKCS#8 PEM key, RSA or EC, parsed with JDK classes only) and caches it per account. A changed certificate (another
 * chain or key) builds a new context; the cache is bounded. The default trust store verifies the server. Thread-safe.
 */
public final class ClientCertificates {
    private static final char[] NO_PASSWORD = new char[0];

    private final ConcurrentMap<AccountKey, Cached> cache = new ConcurrentHashMap<>();
    private final int maxAccounts;

    private record Cached(byte[] fingerprint, SSLContext context) {
    }

    /** A cache of at most {@code maxAccounts} contexts. */
    public ClientCertificates(int maxAccounts) {
        if (maxAccounts < 1) {
            throw new IllegalArgumentException("maxAccounts must be >= 1, was " + maxAccounts);
        }
        this.maxAccounts = maxAccounts;
    }

    /**
     * The account's SSL context for {@code certificate}, built once and reused while the certificate stays the same.
     *
     * @throws IllegalArgumentException when the PEM cannot be read; the message never contains key material
     */
    public SSLContext sslContext(AccountKey account, Credential.ClientCertificate certificate) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(certificate, "certificate");
        byte[] fingerprint = fingerprint(certificate);
        Cached cached = cache.get(account);
        if (cached != null && Arrays.equals(cached.fingerprint, fingerprint)) {
            return cached.context;
        }
        SSLContext context = build(certificate);
        cache.put(account, new Cached(fingerprint, context));
        if (cache.size() > maxAccounts) {
            Iterator<AccountKey> it = cache.keySet().iterator();
            while (cache.size() > maxAccounts && it.hasNext()) {
                AccountKey k = it.next();
                if (!k.equals(account)) {
                    it.remove();
                }
            }
        }
        return context;
    }

    /** Forgets an account's context. */
    public void evict(AccountKey account) {
        cache.remove(account);
    }

    public int size() {
        return cache.size();
    }

    static SSLContext build(Credential.ClientCertificate certificate) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> chain = cf.generateCertificates(
                    new ByteArrayInputStream(certificate.certificateChainPem().getBytes(StandardCharsets.US_ASCII)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("client certificate chain holds no certificate");
            }
            PrivateKey key = privateKey(certificate.privateKeyPem());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("client certificate or key is unusable: " + e.getClass().getSimpleName());
        }
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("private key must be PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
        }
        String b64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                pem.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static byte[] fingerprint(Credential.ClientCertificate c) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(c.certificateChainPem().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(c.privateKeyPem().getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClientCertificates[" + cache.size() + " accounts]";
    }
}
