package dev.outbound.gateway.credentials;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} for mutual TLS from an account's {@link Credential.ClientCertificate} (PEM chain and
 * PKCS#8 PEM key, RSA, EC or Ed25519, read with JDK classes only) and caches it per account: while the account's
 * certificate and key stay the same, every call gets the same context; another certificate or key builds a new one.
 * The cache is bounded (arbitrary entries are dropped past {@code maxAccounts}). Server certificates are verified with
 * the given trust manager, the JDK's default trust store when none is given. Thread-safe.
 */
public final class ClientCertificates {
    private static final char[] NO_PASSWORD = new char[0];
    private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String END_KEY = "-----END PRIVATE KEY-----";

    private final ConcurrentMap<AccountKey, Cached> cache = new ConcurrentHashMap<>();
    private final int maxAccounts;
    private final X509TrustManager trustManager;

    private record Cached(byte[] fingerprint, SSLContext context) {
    }

    /** A cache of at most {@code maxAccounts} contexts that verify servers with the JDK's default trust store. */
    public ClientCertificates(int maxAccounts) {
        this(maxAccounts, defaultTrustManager());
    }

    /** A cache of at most {@code maxAccounts} contexts that verify servers with {@code trustManager}. */
    public ClientCertificates(int maxAccounts, X509TrustManager trustManager) {
        if (maxAccounts < 1) {
            throw new IllegalArgumentException("maxAccounts must be >= 1, was " + maxAccounts);
        }
        this.maxAccounts = maxAccounts;
        this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
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
        // Built inside compute so that concurrent first calls of one account build one context, not several.
        Cached built = cache.compute(account, (k, old) -> old != null && Arrays.equals(old.fingerprint, fingerprint)
                ? old : new Cached(fingerprint, build(certificate, trustManager)));
        if (cache.size() > maxAccounts) {
            Iterator<AccountKey> it = cache.keySet().iterator();
            while (cache.size() > maxAccounts && it.hasNext()) {
                if (!it.next().equals(account)) {
                    it.remove();
                }
            }
        }
        return built.context;
    }

    /** The trust manager every context of this cache verifies servers with. */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** Forgets an account's context. */
    public void evict(AccountKey account) {
        cache.remove(Objects.requireNonNull(account, "account"));
    }

    /** Number of accounts with a cached context. */
    public int size() {
        return cache.size();
    }

    /**
     * A new context that presents {@code certificate} and verifies servers with {@code trustManager}.
     *
     * @throws IllegalArgumentException when the PEM cannot be read; the message never contains key material
     */
    public static SSLContext build(Credential.ClientCertificate certificate, X509TrustManager trustManager) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(trustManager, "trustManager");
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> chain = cf.generateCertificates(
                    new ByteArrayInputStream(certificate.certificateChainPem().getBytes(StandardCharsets.US_ASCII)));
            if (chain.isEmpty()) {
                throw new Unusable("client certificate chain holds no certificate");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", privateKey(certificate.privateKeyPem()), NO_PASSWORD,
                    chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[] {trustManager}, null);
            return context;
        } catch (Unusable e) {
            throw e;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            // Exception messages of the JDK's parsers may quote the input: only the type is passed on.
            throw new IllegalArgumentException("client certificate or key is unusable ("
                    + e.getClass().getSimpleName() + "); expected a PEM certificate chain and a PKCS#8 PEM key");
        }
    }

    /** The JDK's default trust manager (the {@code cacerts} trust store, or the one set by system properties). */
    public static X509TrustManager defaultTrustManager() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK's default TrustManagerFactory has no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust store cannot be loaded", e);
        }
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        int begin = pem.indexOf(BEGIN_KEY);
        int end = pem.indexOf(END_KEY);
        if (begin < 0 || end < begin) {
            throw new Unusable("private key must be PKCS#8 PEM (" + BEGIN_KEY + ")");
        }
        String b64 = pem.substring(begin + BEGIN_KEY.length(), end).replaceAll("\\s", "");
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

    /** A problem described by this class, whose message is safe to pass on. */
    private static final class Unusable extends IllegalArgumentException {
        Unusable(String message) {
            super(message);
        }
    }

    private static byte[] fingerprint(Credential.ClientCertificate c) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(c.certificateChainPem().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(c.privateKeyPem().getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "ClientCertificates[" + cache.size() + " accounts]";
    }
}
