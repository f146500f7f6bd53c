package dev.outbound.gateway.internal;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.credentials.ClientCertificates;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients of accounts that authenticate with a client certificate: each derived from the shared client
 * (same pool, dispatcher and timeouts) with an SSL socket factory that presents the account's certificate, kept per
 * account while the certificate stays the same, and bounded. OkHttp pools connections by address, and the socket
 * factory is part of the address, so a connection opened with one account's certificate is never reused for another
 * account or for a call without a certificate. Thread-safe.
 */
final class MutualTlsClients {
    private final ClientCertificates certificates;
    private final ConcurrentMap<AccountKey, Derived> clients = new ConcurrentHashMap<>();
    private final int maxAccounts;

    private record Derived(SSLContext context, OkHttpClient client) {
    }

    MutualTlsClients(X509TrustManager trustManager, int maxAccounts) {
        this.certificates = new ClientCertificates(maxAccounts, trustManager);
        this.maxAccounts = maxAccounts;
    }

    /**
     * {@code base} presenting {@code certificate} on the account's connections.
     *
     * @throws IllegalArgumentException when the certificate or key cannot be read (the message shows no key material)
     */
    OkHttpClient client(OkHttpClient base, AccountKey account, Credential.ClientCertificate certificate) {
        SSLContext context = certificates.sslContext(account, certificate);
        Derived derived = clients.get(account);
        if (derived != null && derived.context == context) {
            return derived.client;
        }
        derived = clients.compute(account, (k, old) -> old != null && old.context == context ? old
                : new Derived(context, base.newBuilder()
                        .sslSocketFactory(context.getSocketFactory(), certificates.trustManager()).build()));
        if (clients.size() > maxAccounts) {
            Iterator<AccountKey> it = clients.keySet().iterator();
            while (clients.size() > maxAccounts && it.hasNext()) {
                if (!it.next().equals(account)) {
                    it.remove();
                }
            }
        }
        return derived.client;
    }

    @Override
    public String toString() {
        return "MutualTlsClients[" + clients.size() + " accounts]";
    }
}
