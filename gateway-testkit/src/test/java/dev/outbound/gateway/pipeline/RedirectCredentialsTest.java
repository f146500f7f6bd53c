package dev.outbound.gateway.pipeline;

import static dev.outbound.testkit.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.RecordedRequest;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
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
        gateway = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl(origin.baseUrl() + "/api")
                        .allowedHosts("127.0.0.1", "localhost")
                        .policy(ProviderPolicy.builder().maxAttempts(1).build()).build())
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

    /** The request line and every header, as one text to search for a secret. */
    private static String everythingSent(RecordedRequest r) {
        StringBuilder s = new StringBuilder(r.method()).append(' ').append(r.path()).append('\n');
        r.headers().forEach((name, values) -> s.append(name).append(": ").append(values).append('\n'));
        return s.toString();
    }
}
