package dev.outbound.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.Sleeper;
import dev.outbound.gateway.spi.TokenRefresher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenRefresher} that talks to OAuth 2.0 token endpoints over HTTP:
 * <ul>
 *   <li>{@link Credential.OAuth2Token} with a refresh token → {@code grant_type=refresh_token} at the account's
 *   {@link OAuthClient}; a new refresh token in the answer replaces the old one (rotation), none keeps it;</li>
 *   <li>{@link Credential.ClientCredentials} → {@code grant_type=client_credentials} at the credential's own token
 *   URL;</li>
 *   <li>anything else is returned unchanged.</li>
 * </ul>
 * {@code invalid_grant} becomes {@code AUTH_FAILURE}/{@code token_revoked}; {@code invalid_scope} becomes
 * {@code AUTH_FAILURE}/{@code permission_denied}; {@code invalid_client} and {@code unauthorized_client} become
 * {@code AUTH_FAILURE}/{@code invalid_client}. Transient failures (connection errors, 408, 429, 5xx) are retried with
 * exponential backoff and full jitter, a bounded number of times, then reported as
 * {@code AUTH_FAILURE}/{@code credential_unavailable}. One refresh, retries and backoff included, is over within its
 * timeout ({@code TIMEOUT}/{@code deadline_exceeded} when the endpoint did not answer in time). Nothing it logs or
 * throws contains a token or secret.
 * Thread-safe.
 */
public final class OAuthTokenRefresher implements TokenRefresher {
    private static final Logger log = LoggerFactory.getLogger(OAuthTokenRefresher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final OkHttpClient http;
    private final Function<AccountKey, Optional<OAuthClient>> clients;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxAttempts;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;

    private OAuthTokenRefresher(Builder b) {
        this.http = b.http != null ? b.http : new OkHttpClient.Builder().followRedirects(false)
                .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30)).build();
        Map<String, OAuthClient> byProvider = Map.copyOf(b.byProvider);
        Function<AccountKey, Optional<OAuthClient>> custom = b.clientLookup;
        this.clients = account -> {
            Optional<OAuthClient> c = custom == null ? Optional.empty() : custom.apply(account);
            return c.isPresent() ? c : Optional.ofNullable(byProvider.get(account.provider()));
        };
        this.clock = b.clock;
        this.sleeper = b.sleeper != null ? b.sleeper : (b.clock instanceof Sleeper s ? s : Sleeper.system());
        this.maxAttempts = b.maxAttempts;
        this.baseBackoff = b.baseBackoff;
        this.maxBackoff = b.maxBackoff;
        this.timeout = b.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Refreshes within the builder's {@link Builder#timeout} (default 60 s), retries included. */
    @Override
    public Credential refresh(AccountKey account, Credential current) {
        return refresh(account, current, timeout);
    }

    /**
     * Refreshes with every request and every backoff over within {@code timeout}: each request's OkHttp call timeout
     * is what is left of it, and no retry starts that could not finish in time.
     *
     * @throws IntegrationException {@code TIMEOUT}/{@code deadline_exceeded} when the token endpoint did not answer
     *     within {@code timeout}; otherwise as described on the class
     */
    @Override
    public Credential refresh(AccountKey account, Credential current, Duration timeout) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        if (current instanceof Credential.OAuth2Token t) {
            if (!t.hasRefreshToken()) {
                return current;
            }
            OAuthClient client = clients.apply(account).orElseThrow(() -> new IntegrationException(
                    ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE).reason(Reasons.CREDENTIAL_UNAVAILABLE)
                            .message("no OAuth client configured for provider " + account.provider()).build()));
            FormBody.Builder form = new FormBody.Builder().add("grant_type", "refresh_token")
                    .add("refresh_token", t.refreshToken());
            Instant sent = clock.instant();
            JsonNode answer = post(account, client.tokenUrl(), client.clientId(), client.clientSecret(),
                    client.basicAuth(), form, deadline);
            String refresh = answer.path("refresh_token").asText("");
            return new Credential.OAuth2Token(text(account, answer, "access_token"),
                    refresh.isEmpty() ? t.refreshToken() : refresh, expiry(answer, sent),
                    answer.path("scope").asText(t.scope()));
        }
        if (current instanceof Credential.ClientCredentials c) {
            FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
            if (!c.scope().isEmpty()) {
                form.add("scope", c.scope());
            }
            Instant sent = clock.instant();
            JsonNode answer = post(account, c.tokenUrl(), c.clientId(), c.clientSecret(), false, form, deadline);
            return c.withAccessToken(text(account, answer, "access_token"), expiry(answer, sent));
        }
        return current;
    }

    private JsonNode post(AccountKey account, String tokenUrl, String clientId, String clientSecret,
                          boolean basic, FormBody.Builder form, long deadline) {
        if (!basic) {
            form.add("client_id", clientId).add("client_secret", clientSecret);
        }
        Request.Builder request = new Request.Builder().url(tokenUrl).post(form.build())
                .header("Accept", "application/json");
        if (basic) {
            request.header("Authorization", Credentials.basic(clientId, clientSecret));
        }
        Request built = request.build();
        String lastProblem = "";
        long start = System.nanoTime();
        int made = 0;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            made = attempt;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(account, start, lastProblem);
            }
            Call call = http.newCall(built);
            call.timeout().timeout(left, TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                int status = response.code();
                JsonNode body = parse(response.body());
                if (response.isSuccessful()) {
                    return body;
                }
                String error = body.path("error").asText("");
                if (!transientStatus(status)) {
                    throw rejected(account, status, error);
                }
                lastProblem = "HTTP " + status + (error.isEmpty() ? "" : " " + error);
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName();
                if (deadline - System.nanoTime() <= 0) {
                    throw timedOut(account, start, lastProblem);
                }
            }
            log.warn("token endpoint of {} failed ({}), attempt {} of {}", account, lastProblem, attempt,
                    maxAttempts);
            if (attempt < maxAttempts && !backoff(attempt, deadline)) {
                break;
            }
        }
        throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                .reason(Reasons.CREDENTIAL_UNAVAILABLE)
                .message("token endpoint kept failing after " + made + " attempts: " + lastProblem
                        + (made < maxAttempts ? " (no time left for another)" : "")).build());
    }

    private static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static IntegrationException rejected(AccountKey account, int status, String error) {
        ErrorEnvelope.Builder env = ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE).httpStatus(status)
                .providerCode(error.isEmpty() ? null : error);
        switch (error) {
            case "invalid_grant" -> env.reason(Reasons.TOKEN_REVOKED)
                    .message("token endpoint rejected the grant of " + account + " (invalid_grant): re-authorize");
            case "invalid_scope" -> env.reason(Reasons.PERMISSION_DENIED)
                    .message("token endpoint refused the requested scope (invalid_scope)");
            case "invalid_client", "unauthorized_client" -> env.reason("invalid_client")
                    .message("token endpoint rejected the OAuth client (" + error + ")");
            default -> {
                return new IntegrationException(ErrorEnvelope.builder(
                                status == 401 || status == 403 ? ErrorCategory.AUTH_FAILURE
                                        : ErrorCategory.VALIDATION_ERROR)
                        .httpStatus(status).reason(Reasons.INVALID_REQUEST)
                        .providerCode(error.isEmpty() ? null : error)
                        .message("token endpoint answered HTTP " + status
                                + (error.isEmpty() ? "" : " (" + error + ")")).build());
            }
        }
        return new IntegrationException(env.build());
    }

    private static IntegrationException timedOut(AccountKey account, long start, String lastProblem) {
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.TIMEOUT)
                .reason(Reasons.DEADLINE_EXCEEDED)
                .message("token endpoint of " + account + " did not answer within "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms"
                        + (lastProblem.isEmpty() ? "" : " (" + lastProblem + ")")).build());
    }

    /** Waits before the next attempt; false, without waiting, when the wait would leave no time for it. */
    private boolean backoff(int attempt, long deadline) {
        long cap = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(20, attempt - 1));
        long wait = cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
        if (TimeUnit.MILLISECONDS.toNanos(wait) >= deadline - System.nanoTime()) {
            return false;
        }
        try {
            sleeper.sleep(Duration.ofMillis(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                    .reason(Reasons.CREDENTIAL_UNAVAILABLE).message("interrupted while refreshing").build());
        }
        return true;
    }

    private static JsonNode parse(ResponseBody body) throws IOException {
        if (body == null) {
            return JSON.createObjectNode();
        }
        okio.BufferedSource source = body.source();
        source.request(MAX_BODY);
        byte[] bytes = source.getBuffer().readByteArray(Math.min(source.getBuffer().size(), MAX_BODY));
        try {
            JsonNode n = JSON.readTree(bytes);
            return n == null || !n.isObject() ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(AccountKey account, JsonNode answer, String field) {
        String v = answer.path(field).asText("");
        if (v.isEmpty()) {
            throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                    .reason(Reasons.MALFORMED_RESPONSE)
                    .message("token endpoint answer for " + account + " has no " + field).build());
        }
        return v;
    }

    private static Instant expiry(JsonNode answer, Instant sent) {
        long seconds = answer.path("expires_in").asLong(0);
        return seconds > 0 ? sent.plusSeconds(seconds) : null;
    }

    @Override
    public String toString() {
        return "OAuthTokenRefresher[maxAttempts=" + maxAttempts + "]";
    }

    /** Builds an {@link OAuthTokenRefresher}. Not thread-safe. */
    public static final class Builder {
        private OkHttpClient http;
        private final Map<String, OAuthClient> byProvider = new HashMap<>();
        private Function<AccountKey, Optional<OAuthClient>> clientLookup;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper;
        private int maxAttempts = 3;
        private Duration baseBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * The bound of one refresh, retries and backoff included, when the caller gives none; default 60 s. The
         * credential manager passes its own ({@code refreshTimeout}).
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The HTTP client for token endpoints; a dedicated one without redirects when not set. */
        public Builder httpClient(OkHttpClient http) {
            this.http = Objects.requireNonNull(http, "httpClient");
            return this;
        }

        /** The OAuth client of every account of a provider. */
        public Builder client(String provider, OAuthClient client) {
            byProvider.put(AccountKey.requireProviderId(provider), Objects.requireNonNull(client, "client"));
            return this;
        }

        /** Looks an account's OAuth client up (per-account token URLs, such as NetSuite's); tried first. */
        public Builder clientLookup(Function<AccountKey, Optional<OAuthClient>> lookup) {
            this.clientLookup = Objects.requireNonNull(lookup, "clientLookup");
            return this;
        }

        /** The clock that turns {@code expires_in} into an expiry. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Attempts per refresh for transient failures, and the backoff bounds; default 3, 250 ms, 5 s. */
        public Builder retries(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            this.baseBackoff = Objects.requireNonNull(baseBackoff, "baseBackoff");
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        public OAuthTokenRefresher build() {
            return new OAuthTokenRefresher(this);
        }
    }
}
