package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.HostAllowlist;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.spi.Exchange;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.gateway.spi.ProviderAdapter;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.RecordedRequest;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credentials belong to the origin (scheme, host, port) they were applied for: a redirect to another allowed host, or
 * to the same host on another port, reaches its target without any of them, whatever the credential kind and the
 * redirect status; a redirect within the origin keeps them. Two real servers on 127.0.0.1; "localhost" is the other
 * allowed host name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedirectCredentialsTest {
    /** Every kind of credential the common applier puts on a request, one customer each. */
    enum Kind {
        BEARER(Credential.OAuth2Token.bearer("bearer-7d1e93c4a8f05b26", null)),
        BASIC(new Credential.BasicAuth("svc-user", "basic-pw-5c0a8e2f71d4")),
        HEADER_API_KEY(Credential.ApiKey.header("X-Api-Key", "hdr-key-94b3e1f6a0c7")),
        QUERY_API_KEY(Credential.ApiKey.query("api_key", "qry-key-2e8d5a1c9f73"));

        final Credential credential;

        Kind(Credential credential) {
            this.credential = credential;
        }

        /** The secret as it travels: the basic-auth header value is the encoded user-pass, not the password. */
        String sentAs() {
            return credential instanceof Credential.BasicAuth b ? b.headerValue() : credential.secretValues().get(0);
        }

        String customer() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final FakeClock clock = new FakeClock();
    private SimulatedProvider origin;
    private SimulatedProvider target;
    private IntegrationGateway gateway;

    @BeforeAll
    void start() {
        origin = SimulatedProvider.start();
        target = SimulatedProvider.start();
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
        for (Kind kind : Kind.values()) {
            store.put(AccountKey.of("crm", kind.customer()), kind.credential);
        }
        store.put(AccountKey.of("signed", "acme"), Kind.BEARER.credential);
        GenericRestAdapter crm = GenericRestAdapter.builder("crm").baseUrl(origin.baseUrl() + "/api")
                .allowedHosts("127.0.0.1", "localhost")
                .policy(ProviderPolicy.builder().maxAttempts(1).build()).build();
        gateway = IntegrationGateway.builder()
                .provider(crm)
                .provider(new SigningAdapter(crm))
                .credentialStore(store)
                .clock(clock)
                .build();
    }

    @AfterAll
    void stop() {
        gateway.close();
        origin.close();
        target.close();
    }

    @BeforeEach
    void reset() {
        origin.reset();
        target.reset();
        target.on("GET", "/landing").respond(json(200, "{\"landed\":true}"));
    }

    static Stream<Arguments> crossOriginRedirects() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int status : new int[] {301, 302, 303, 307, 308}) {
                cases.add(Arguments.of(kind, status, "localhost"));
                cases.add(Arguments.of(kind, status, "127.0.0.1"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} credential, {1} to {2} on another port")
    @MethodSource("crossOriginRedirects")
    void aRedirectToAnotherOriginArrivesWithoutTheCredential(Kind kind, int status, String host) {
        origin.on("GET", "/api/start").respond(Responses.redirect(status,
                "http://" + host + ":" + target.port() + "/landing"));

        String body = gateway.client("crm", kind.customer()).get("start").execute().bodyAsString();

        assertThat(body).contains("landed");
        assertThat(origin.requests()).singleElement()
                .satisfies(r -> assertThat(everythingSent(r)).as("the origin itself gets the credential")
                        .contains(kind.sentAs()));
        assertThat(target.requests()).singleElement().satisfies(r -> {
            assertThat(r.header("Authorization")).isEmpty();
            assertThat(r.header("X-Api-Key")).isEmpty();
            assertThat(r.path()).doesNotContain("api_key");
            for (String secret : kind.credential.secretValues()) {
                if (!secret.isEmpty()) {
                    assertThat(everythingSent(r)).doesNotContain(secret);
                }
            }
        });
    }

    @Test
    void aSameOriginRedirectKeepsEveryCredentialAnApiKeyInTheQueryToo() {
        origin.on("GET", "/api/start").respond(Responses.redirect(307, "/api/next?page=2"));
        origin.on("GET", "/api/next").respond(json(200, "{\"next\":true}"));

        for (Kind kind : Kind.values()) {
            gateway.client("crm", kind.customer()).get("start").execute();
        }

        List<RecordedRequest> followed = origin.requests("GET", "/api/next");
        assertThat(followed).hasSize(Kind.values().length);
        for (int i = 0; i < followed.size(); i++) {
            Kind kind = Kind.values()[i];
            assertThat(everythingSent(followed.get(i))).as(kind + " after a same-origin redirect")
                    .contains("page=2").contains(kind.sentAs());
        }
    }

    @Test
    void aCredentialTheLocationRepeatsIsRemovedWhenTheOriginChanges() {
        origin.on("GET", "/api/start").respond(Responses.redirect(302, "http://localhost:" + target.port()
                + "/landing?api_key=qry-key-2e8d5a1c9f73&copy=qry-key-2e8d5a1c9f73&page=2"));

        gateway.client("crm", Kind.QUERY_API_KEY.customer()).get("start").execute();

        assertThat(target.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).contains("page=2");
            assertThat(r.path()).doesNotContain("qry-key-2e8d5a1c9f73").doesNotContain("api_key");
        });
    }

    @Test
    void aHeaderACustomAdapterSignsWithStaysBehindWhenTheOriginChanges() {
        origin.on("GET", "/api/start").respond(Responses.redirect(302, "http://127.0.0.1:" + target.port()
                + "/landing"));

        gateway.client("signed", "acme").get("start").execute();

        assertThat(origin.requests()).singleElement()
                .satisfies(r -> assertThat(r.header(SigningAdapter.HEADER)).contains(SigningAdapter.SIGNATURE));
        assertThat(target.requests()).singleElement().satisfies(r -> {
            assertThat(r.header(SigningAdapter.HEADER)).isEmpty();
            assertThat(r.header("Authorization")).isEmpty();
        });
    }

    @Test
    void anExchangeHookThatSendsTheRequestToAnotherOriginSendsItWithoutTheCredential() {
        gateway.client("signed", "acme").get("relay").execute();

        assertThat(origin.requests()).isEmpty();
        assertThat(target.requests()).singleElement().satisfies(r -> {
            assertThat(r.header(SigningAdapter.HEADER)).isEmpty();
            assertThat(r.header("Authorization")).isEmpty();
            assertThat(everythingSent(r)).doesNotContain(Kind.BEARER.sentAs());
        });
    }

    /**
     * A hand-written adapter: it signs requests with a header of its own besides the bearer token, and its exchange
     * hook sends a {@code relay} call to the other server.
     */
    private final class SigningAdapter implements ProviderAdapter {
        static final String HEADER = "X-Request-Signature";
        static final String SIGNATURE = "sig-6a2f9d0e4c1b";
        private final GenericRestAdapter base;

        SigningAdapter(GenericRestAdapter base) {
            this.base = base;
        }

        @Override
        public String providerId() {
            return "signed";
        }

        @Override
        public HostAllowlist allowedHosts() {
            return base.allowedHosts();
        }

        @Override
        public String defaultApiVersion() {
            return "";
        }

        @Override
        public URI resolveUrl(AccountSettings account, String apiVersion, String encodedPath) {
            return base.resolveUrl(account, apiVersion, encodedPath);
        }

        @Override
        public OutboundRequest authenticate(OutboundRequest request, Credential credential) {
            return base.authenticate(request, credential).toBuilder().header(HEADER, SIGNATURE).build();
        }

        @Override
        public IntegrationResponse exchange(Exchange exchange) {
            OutboundRequest request = exchange.request();
            if (request.pathTemplate().equals("relay")) {
                request = request.toBuilder().url(URI.create("http://localhost:" + target.port() + "/landing"))
                        .build();
            }
            return exchange.send(request);
        }

        @Override
        public ErrorClassifier classifier() {
            return base.classifier();
        }

        @Override
        public ProviderPolicy policy() {
            return base.policy();
        }
    }

    /** The request line and every header, as one text to search for a secret. */
    private static String everythingSent(RecordedRequest r) {
        StringBuilder s = new StringBuilder(r.method()).append(' ').append(r.path()).append('\n');
        r.headers().forEach((name, values) -> s.append(name).append(": ").append(values).append('\n'));
        return s.toString();
    }
}
