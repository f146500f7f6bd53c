package dev.outbound.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redirects from an HTTPS provider: to plain http they are refused, whatever the port; to another HTTPS port of the
 * same host they go without the credential. Real TLS servers on 127.0.0.1 with a certificate made in the test.
 */
class HttpsRedirectTest {
    private static final String TOKEN = "tls-bearer-51f0c9e2a7d34b86";

    private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test CA")
            .build();
    private final HeldCertificate serverCertificate = new HeldCertificate.Builder().signedBy(ca)
            .commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1").build();
    private final MockWebServer secure = new MockWebServer();
    private final MockWebServer secureOtherPort = new MockWebServer();
    private final MockWebServer plain = new MockWebServer();
    private final FakeClock clock = new FakeClock();
    private IntegrationGateway gateway;

    @BeforeEach
    void start() throws IOException {
        HandshakeCertificates serverSide = new HandshakeCertificates.Builder().heldCertificate(serverCertificate)
                .build();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        plain.setDispatcher(answer(200, "plain"));
        plain.start(loopback, 0);
        secureOtherPort.useHttps(serverSide.sslSocketFactory());
        secureOtherPort.setDispatcher(answer(200, "secure other port"));
        secureOtherPort.start(loopback, 0);
        secure.useHttps(serverSide.sslSocketFactory());
        secure.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                String location = path.endsWith("/to-plain")
                        ? "http://127.0.0.1:" + plain.getPort() + "/landing?page=2&cursor=c-81"
                        : "https://127.0.0.1:" + secureOtherPort.getPort() + "/landing";
                return new MockResponse.Builder().code(302).addHeader("Location", location).build();
            }
        });
        secure.start(loopback, 0);

        InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
        store.put(AccountKey.of("crm", "acme"), Credential.OAuth2Token.bearer(TOKEN, null));
        gateway = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl("https://127.0.0.1:" + secure.getPort() + "/api")
                        .policy(ProviderPolicy.builder().maxAttempts(1).build()).build())
                .credentialStore(store)
                .clock(clock)
                .trustManager(new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build()
                        .trustManager())
                .build();
    }

    @AfterEach
    void stop() {
        gateway.close();
        secure.close();
        secureOtherPort.close();
        plain.close();
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefusedNamingBothOriginsAndNothingIsSentInClearText() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("crm", "acme").get("to-plain").execute());

        assertThat(e).isNotNull();
        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.INSECURE_REDIRECT);
        assertThat(e.envelope().httpStatus()).isEqualTo(302);
        assertThat(e.getMessage()).contains("https://127.0.0.1:" + secure.getPort())
                .contains("http://127.0.0.1:" + plain.getPort())
                .doesNotContain("page=2").doesNotContain("cursor").doesNotContain("/landing");
        assertThat(plain.getRequestCount()).isZero();
        assertThat(secure.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRedirectToTheSameHostOnAnotherHttpsPortArrivesWithoutTheBearerToken() throws InterruptedException {
        String body = gateway.client("crm", "acme").get("to-other-port").execute().bodyAsString();

        assertThat(body).isEqualTo("secure other port");
        RecordedRequest first = secure.takeRequest(5, TimeUnit.SECONDS);
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        RecordedRequest followed = secureOtherPort.takeRequest(5, TimeUnit.SECONDS);
        assertThat(followed).isNotNull();
        assertThat(followed.getHeaders().get("Authorization")).isNull();
        assertThat(followed.getHeaders().toMultimap().toString()).doesNotContain(TOKEN);
    }

    private static Dispatcher answer(int code, String body) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(code).body(body).build();
            }
        };
    }
}
