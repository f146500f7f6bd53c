package dev.outbound.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Handshake;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS against a real TLS server on 127.0.0.1 that requires a client certificate signed by a test CA: the
 * accounts whose credential is a client certificate present their own, the others present none.
 */
class MutualTlsTest {
    private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
            .commonName("Outbound Test CA").build();
    private final HeldCertificate serverCertificate = new HeldCertificate.Builder().signedBy(ca)
            .commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost")
            .build();
    private final HeldCertificate acme = new HeldCertificate.Builder().signedBy(ca).commonName("acme").build();
    private final HeldCertificate beta = new HeldCertificate.Builder().signedBy(ca).commonName("beta").rsa2048()
            .build();
    private final AtomicInteger served = new AtomicInteger();
    private final MockWebServer server = new MockWebServer();
    private final MockWebServer otherHost = new MockWebServer();
    private final SteppedClock clock = new SteppedClock();
    private final InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
    private IntegrationGateway gateway;

    @BeforeEach
    void start() throws IOException {
        HandshakeCertificates serverSide = new HandshakeCertificates.Builder().heldCertificate(serverCertificate)
                .addTrustedCertificate(ca.certificate()).build();
        server.useHttps(serverSide.sslSocketFactory());
        server.requireClientAuth();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                served.incrementAndGet();
                if (request.getUrl().encodedPath().endsWith("/elsewhere")) {
                    return new MockResponse.Builder().code(302)
                            .addHeader("Location", "https://localhost:" + otherHost.getPort() + "/api/peer").build();
                }
                if (request.getUrl().encodedPath().endsWith("/other-port")) {
                    return new MockResponse.Builder().code(307)
                            .addHeader("Location", "https://127.0.0.1:" + otherHost.getPort() + "/api/peer").build();
                }
                return new MockResponse.Builder().code(200).body(peer(request.getHandshake())).build();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        // The redirect target asks for a certificate but does not insist, so it can say whether one came.
        otherHost.useHttps(serverSide.sslSocketFactory());
        otherHost.requestClientAuth();
        otherHost.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).body(peer(request.getHandshake())).build();
            }
        });
        otherHost.start(InetAddress.getByName("127.0.0.1"), 0);

        store.put(AccountKey.of("custom", "acme"), certificate(acme))
                .put(AccountKey.of("custom", "beta"), certificate(beta))
                .put(AccountKey.of("custom", "plain"), Credential.ApiKey.header("X-Api-Key", "plain-key-1"));
        HandshakeCertificates clientTrust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(ca.certificate()).build();
        gateway = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("custom")
                        .baseUrl("https://127.0.0.1:" + server.getPort() + "/api")
                        .allowedHosts("127.0.0.1", "localhost")
                        .policy(ProviderPolicy.builder().maxAttempts(1).build())
                        .build())
                .credentialStore(store)
                .clock(clock)
                .trustManager(clientTrust.trustManager())
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        server.close();
        otherHost.close();
    }

    @Test
    void anAccountWithAClientCertificatePresentsItAndItsCallSucceeds() {
        IntegrationResponse response = gateway.client("custom", "acme").get("whoami").execute();

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("CN=acme");
    }

    @Test
    void anAccountWithoutAClientCertificateIsRefusedByTheServer() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("custom", "plain").get("whoami").execute());

        assertThat(e).isNotNull();
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CONNECTION_FAILED);
        assertThat(served).hasValue(0);
    }

    @Test
    void accountsOnOneServerPresentTheirOwnCertificatesAndNeverShareAConnection() {
        List<String> seen = List.of("acme", "beta", "acme", "beta", "acme").stream()
                .map(customer -> body(gateway.client("custom", customer).get("whoami").execute()))
                .toList();

        assertThat(seen).containsExactly("CN=acme", "CN=beta", "CN=acme", "CN=beta", "CN=acme");
        // A pooled connection of acme or beta must not carry a call of an account without a certificate.
        assertThat(catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("custom", "plain").get("whoami").execute())).isNotNull();
    }

    @Test
    void aRotatedCertificateIsPresentedOnceTheStoreHasIt() throws InterruptedException {
        assertThat(body(gateway.client("custom", "acme").get("whoami").execute())).isEqualTo("CN=acme");
        HeldCertificate renewed = new HeldCertificate.Builder().signedBy(ca).commonName("acme-2027").build();
        store.put(AccountKey.of("custom", "acme"), certificate(renewed));
        clock.advance(Duration.ofMinutes(6)); // past the credential cache's five minutes: the store is read again
        // That call still presents the cached certificate, which is valid; the re-read runs in the background.
        gateway.client("custom", "acme").get("whoami").execute();
        assertThat(gateway.credentials().awaitIdle(AccountKey.of("custom", "acme"), Duration.ofSeconds(10))).isTrue();

        assertThat(body(gateway.client("custom", "acme").get("whoami").execute())).isEqualTo("CN=acme-2027");
    }

    @Test
    void aRedirectToAnotherHostDoesNotTakeTheClientCertificateAlong() {
        IntegrationResponse response = gateway.client("custom", "acme").get("elsewhere").execute();

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("no client certificate");
        assertThat(served).hasValue(1);
    }

    @Test
    void aRedirectToTheSameHostOnAnotherPortDoesNotTakeTheClientCertificateAlong() {
        IntegrationResponse response = gateway.client("custom", "acme").get("other-port").execute();

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("no client certificate");
        assertThat(served).hasValue(1);
    }

    @Test
    void anUnreadableCertificateFailsAsAnAuthFailureWithoutShowingTheKey() {
        store.put(AccountKey.of("custom", "broken"), new Credential.ClientCertificate(
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
                "-----BEGIN PRIVATE KEY-----\nU0VDUkVULUtFWS1NQVRFUklBTA==\n-----END PRIVATE KEY-----\n"));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("custom", "broken").get("whoami").execute());

        assertThat(e).isNotNull();
        ErrorEnvelope envelope = e.envelope();
        assertThat(envelope.category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(envelope.reason()).isEqualTo("credential_invalid");
        assertThat(e.getMessage()).contains("client certificate or key is unusable")
                .doesNotContain("U0VDUkVULUtFWS1NQVRFUklBTA", "bm90IGEgY2VydA");
        assertThat(served).hasValue(0);
    }

    /** A clock that moves only when told to. */
    static final class SteppedClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static Credential.ClientCertificate certificate(HeldCertificate held) {
        return new Credential.ClientCertificate(held.certificatePem(), held.privateKeyPkcs8Pem());
    }

    private static String body(IntegrationResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String peer(Handshake handshake) {
        List<Certificate> certificates = handshake == null ? List.of() : handshake.peerCertificates();
        return certificates.isEmpty() ? "no client certificate"
                : ((X509Certificate) certificates.get(0)).getSubjectX500Principal().getName();
    }
}
