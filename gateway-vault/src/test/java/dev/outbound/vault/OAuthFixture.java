package dev.outbound.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.vault.VaultEmulator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A real OAuth 2.0 server (mock-oauth2-server, refresh-token rotation on), a Vault emulator holding the account's
 * token, and an HTTP client that counts what is sent to the token endpoint and how many answers were invalid_grant.
 */
final class OAuthFixture implements AutoCloseable {
    static final String ISSUER = "idp";
    static final String CLIENT_ID = "outbound-client";
    static final String CLIENT_SECRET = "client-secret-9b1e77d0";
    static final AccountKey ACCOUNT = AccountKey.of("crm", "acme");
    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeClock clock = new FakeClock();
    final MockOAuth2Server oauth;
    final VaultEmulator vault;
    final AtomicInteger refreshRequests = new AtomicInteger();
    final AtomicInteger invalidGrants = new AtomicInteger();
    final List<String> issuedSecrets = java.util.Collections.synchronizedList(new ArrayList<>());
    final OkHttpClient http;
    private final List<VaultConnection> connections = new ArrayList<>();

    OAuthFixture() {
        oauth = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"rotateRefreshToken\": true}"));
        oauth.start();
        vault = VaultEmulator.builder().clock(clock).rootToken("vault-root-token-5d2c").build();
        http = new OkHttpClient.Builder().followRedirects(false).addInterceptor(chain -> {
            Request r = chain.request();
            boolean refresh = r.body() instanceof FormBody f && formValue(f, "grant_type").equals("refresh_token");
            if (refresh) {
                refreshRequests.incrementAndGet();
            }
            Response response = chain.proceed(r);
            ResponseBody peek = response.peekBody(64 * 1024);
            String body = peek.string();
            if (body.contains("invalid_grant")) {
                invalidGrants.incrementAndGet();
            }
            remember(body);
            return response;
        }).readTimeout(Duration.ofSeconds(30)).build();
    }

    HttpUrl tokenUrl() {
        return oauth.tokenEndpointUrl(ISSUER);
    }

    OAuthClient client() {
        return new OAuthClient(tokenUrl().toString(), CLIENT_ID, CLIENT_SECRET, true);
    }

    OAuthTokenRefresher refresher() {
        return OAuthTokenRefresher.builder().client(ACCOUNT.provider(), client()).clock(clock).httpClient(http)
                .build();
    }

    VaultCredentialStore store() {
        VaultConnection c = VaultConnection.builder(vault.uri()).token("vault-root-token-5d2c").build();
        connections.add(c);
        return VaultCredentialStore.builder(c.operations()).build();
    }

    /** Runs the authorization-code flow and stores the token set, expiring {@code expiresIn} from now. */
    Credential.OAuth2Token authorize(Duration expiresIn) throws IOException {
        HttpUrl authorize = oauth.authorizationEndpointUrl(ISSUER).newBuilder()
                .addQueryParameter("client_id", CLIENT_ID).addQueryParameter("response_type", "code")
                .addQueryParameter("redirect_uri", "http://localhost/callback")
                .addQueryParameter("scope", "openid offline_access").addQueryParameter("state", "s1")
                .addQueryParameter("nonce", "n1").build();
        String code;
        try (Response r = http.newCall(new Request.Builder().url(authorize).build()).execute()) {
            code = HttpUrl.get(r.header("Location")).queryParameter("code");
        }
        FormBody form = new FormBody.Builder().add("grant_type", "authorization_code").add("code", code)
                .add("redirect_uri", "http://localhost/callback").add("client_id", CLIENT_ID)
                .add("client_secret", CLIENT_SECRET).build();
        JsonNode answer;
        try (Response r = http.newCall(new Request.Builder().url(tokenUrl()).post(form).build()).execute()) {
            answer = JSON.readTree(r.body().string());
        }
        Credential.OAuth2Token token = new Credential.OAuth2Token(answer.path("access_token").asText(),
                answer.path("refresh_token").asText(), clock.instant().plus(expiresIn), "");
        if (!token.hasRefreshToken()) {
            throw new IllegalStateException("the OAuth server issued no refresh token");
        }
        store().write(ACCOUNT, token, 0);
        oauthRequestsDrained();
        return token;
    }

    /** Requests the OAuth server has received since the last call, taken from its queue. */
    int oauthRequestsDrained() {
        int n = 0;
        while (true) {
            try {
                if (oauth.takeRequest(200, TimeUnit.MILLISECONDS) == null) {
                    return n;
                }
                n++;
            } catch (RuntimeException queueEmpty) { // the server says so by throwing
                return n;
            }
        }
    }

    private void remember(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            for (String f : List.of("access_token", "refresh_token", "id_token")) {
                if (n.hasNonNull(f)) {
                    issuedSecrets.add(n.get(f).asText());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: nothing to remember
        }
    }

    private static String formValue(FormBody f, String name) {
        for (int i = 0; i < f.size(); i++) {
            if (f.name(i).equals(name)) {
                return f.value(i);
            }
        }
        return "";
    }

    @Override
    public void close() {
        connections.forEach(VaultConnection::close);
        vault.close();
        oauth.shutdown();
    }
}
