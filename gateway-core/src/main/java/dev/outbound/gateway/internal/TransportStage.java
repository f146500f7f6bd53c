package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.HttpSettings;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.credentials.ClientCertificates;
import dev.outbound.gateway.spi.OutboundRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Stage 10, the last: sends the request on the gateway's one shared OkHttp client (a per-provider view of it with
 * that provider's timeouts, sharing pool and dispatcher), bounded by the call's deadline, and reads the response with
 * the {@link ResponseReader} (bodies decoded and bounded, the gateway-wide byte budget respected).
 *
 * <p>Redirects are followed here, not by OkHttp, so that each target is checked before a byte goes to it: it must be
 * on the provider's allowlist, and a redirect from https to http is refused (reason {@code insecure_redirect}).
 * Credentials belong to the exact origin (scheme, host and port) of the URL the call was routed to
 * ({@link AppliedCredentials}): a redirect within it keeps them, a redirect to any other origin — another allowed host,
 * the same host on another port or scheme — is sent without any of them (no credential header or query parameter, no
 * client certificate), and they are not put back should a later redirect return. A request an adapter's exchange hook
 * sends to another origin goes without them too. The other origin is not authenticated afresh: sending it nothing is
 * the simpler rule that cannot be wrong. Only 301, 302, 303, 307 and 308 are redirects: a 300 (Multiple Choices;
 * Salesforce's answer when an external id matches several records) goes to the classifier.
 * A call whose credential is a client certificate goes through that account's derived client, which presents the
 * certificate ({@link MutualTlsClients}).
 */
final class TransportStage implements Interceptor {
    private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);
    /** Accounts whose mutual-TLS client is kept; past that, arbitrary ones are rebuilt on their next call. */
    private static final int MAX_CLIENT_CERTIFICATE_ACCOUNTS = 1_000;

    private final OkHttpClient shared;
    private final HttpSettings settings;
    private final ResponseReader reader;
    private final ConcurrentMap<String, OkHttpClient> perProvider = new ConcurrentHashMap<>();
    private final MutualTlsClients mutualTls;

    TransportStage(OkHttpClient shared, HttpSettings settings) {
        this.shared = shared;
        this.settings = settings;
        this.reader = new ResponseReader(settings);
        X509TrustManager trust = shared.x509TrustManager();
        this.mutualTls = new MutualTlsClients(trust != null ? trust : ClientCertificates.defaultTrustManager(),
                MAX_CLIENT_CERTIFICATE_ACCOUNTS);
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        Duration remaining = call.remaining();
        if (remaining.isNegative() || remaining.isZero()) {
            throw call.fail(ErrorCategory.TIMEOUT, Reasons.DEADLINE_EXCEEDED,
                    "the call's deadline passed before the request could be sent");
        }
        OkHttpClient base = perProvider.computeIfAbsent(call.account().provider(),
                p -> configure(call.policy()));
        OkHttpClient client = call.clientCertificate().map(c -> withCertificate(base, c, call)).orElse(base);
        Request request = toOkHttp(chain.request(), call);
        AppliedCredentials credentials = AppliedCredentials.between(call.routedRequest(), chain.request(),
                routedOrigin(call, request));
        boolean credentialsAttached = credentials.belongTo(request.url());
        if (!credentialsAttached) {
            // An exchange hook sent the authenticated request somewhere the call was not routed to.
            client = base;
            request = credentials.removedFrom(request.newBuilder(), request.url());
        }
        for (int redirects = 0; ; redirects++) {
            Call httpCall = client.newCall(request);
            httpCall.timeout().timeout(Math.max(1, call.remaining().toMillis()), TimeUnit.MILLISECONDS);
            try (Response response = httpCall.execute()) {
                if (!isRedirect(response.code())) {
                    return reader.read(response, call);
                }
                if (redirects >= settings.maxRedirects()) {
                    throw call.fail(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).httpStatus(response.code())
                            .reason("too_many_redirects")
                            .message("stopped after " + settings.maxRedirects() + " redirects"));
                }
                HttpUrl target = redirectTarget(request, response, call);
                Request.Builder next = followUp(request, response, target);
                if (credentialsAttached && credentials.belongTo(target)) {
                    request = credentials.keptOn(next, target);
                } else {
                    credentialsAttached = false;
                    client = base;
                    request = credentials.removedFrom(next, target);
                }
            } catch (IOException e) {
                throw call.fail(failure(e, call));
            }
        }
    }

    /** The origin the credential was applied for: that of the URL the route stage built. */
    private static Origin routedOrigin(CallState call, Request request) {
        return call.routedRequest().flatMap(OutboundRequest::url).map(u -> HttpUrl.parse(u.toString()))
                .map(Origin::of).orElse(Origin.of(request.url()));
    }

    /** OkHttp's {@code isRedirect} also counts 300, which asks the client to choose and has no single target. */
    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private OkHttpClient withCertificate(OkHttpClient base, Credential.ClientCertificate certificate,
                                         CallState call) {
        try {
            return mutualTls.client(base, call.account(), certificate);
        } catch (IllegalArgumentException e) {
            throw call.fail(ErrorCategory.AUTH_FAILURE, "credential_invalid", e.getMessage());
        }
    }

    private OkHttpClient configure(ProviderPolicy policy) {
        return shared.newBuilder()
                .connectTimeout(policy.connectTimeout())
                .readTimeout(policy.readTimeout())
                .writeTimeout(policy.readTimeout())
                .build();
    }

    private static Request toOkHttp(OutboundRequest request, CallState call) {
        URI uri = request.url().orElseThrow(() -> new IllegalStateException(
                "TransportStage: the request for " + request.pathTemplate() + " was not routed"));
        HttpUrl parsed = HttpUrl.parse(uri.toString());
        if (parsed == null) {
            throw call.fail(ErrorCategory.VALIDATION_ERROR, Reasons.INVALID_REQUEST,
                    "not a valid http(s) URL for " + request.pathTemplate());
        }
        HttpUrl.Builder url = parsed.newBuilder();
        request.query().forEach((name, values) -> values.forEach(v -> url.addQueryParameter(name, v)));
        Headers.Builder headers = new Headers.Builder();
        request.headers().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
        if (headers.get("Accept-Encoding") == null && headers.get("Range") == null) {
            // Asking for gzip ourselves turns OkHttp's transparent gzip off: the ResponseReader inflates instead,
            // counting every decoded byte against the limits. (A Range is left alone, as OkHttp does.)
            headers.add("Accept-Encoding", "gzip");
        }
        RequestBody body = null;
        if (request.hasBody()) {
            body = RequestBody.create(request.body(),
                    request.contentType().isEmpty() ? null : MediaType.parse(request.contentType()));
        } else if (requiresBody(request.method())) {
            body = EMPTY;
        }
        return new Request.Builder().url(url.build()).headers(headers.build()).method(request.method(), body).build();
    }

    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** Where a redirect goes, once it is known to be allowed: on the allowlist, and not from https to http. */
    private static HttpUrl redirectTarget(Request request, Response response, CallState call) {
        String location = response.header("Location");
        HttpUrl target = location == null ? null : request.url().resolve(location);
        if (target == null) {
            throw call.fail(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).httpStatus(response.code())
                    .reason(Reasons.MALFORMED_RESPONSE).message("redirect without a usable Location header"));
        }
        if (!call.adapter().allowedHosts().allows(target.host())) {
            throw call.fail(ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR).httpStatus(response.code())
                    .reason(Reasons.HOST_NOT_ALLOWED).message("redirect to host " + target.host()
                            + " is not on the allowlist of " + call.adapter().providerId() + " "
                            + call.adapter().allowedHosts()));
        }
        if (request.url().isHttps() && !target.isHttps()) {
            throw call.fail(ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR).httpStatus(response.code())
                    .reason(Reasons.INSECURE_REDIRECT).message("redirect from " + Origin.of(request.url()) + " to "
                            + Origin.of(target) + " refused: it would send the request in clear text"));
        }
        return target;
    }

    /** The next request as the redirect's status asks for it (RFC 9110 15.4): same method for 307 and 308. */
    private static Request.Builder followUp(Request request, Response response, HttpUrl target) {
        Request.Builder next = request.newBuilder().url(target);
        int code = response.code();
        boolean keepMethod = code == 307 || code == 308;
        if (!keepMethod && !request.method().equals("GET") && !request.method().equals("HEAD")) {
            next.method("GET", null).removeHeader("Content-Type").removeHeader("Content-Length");
        }
        return next;
    }

    private static ErrorEnvelope.Builder failure(IOException e, CallState call) {
        if (e instanceof SocketTimeoutException) {
            boolean connect = e.getMessage() != null && e.getMessage().toLowerCase().contains("connect");
            return ErrorEnvelope.builder(ErrorCategory.TIMEOUT)
                    .reason(connect ? Reasons.CONNECT_TIMEOUT : Reasons.READ_TIMEOUT)
                    .message((connect ? "connect" : "read") + " timed out after "
                            + (connect ? call.policy().connectTimeout() : call.policy().readTimeout()).toMillis()
                            + " ms");
        }
        if (e instanceof InterruptedIOException) {
            if (Thread.currentThread().isInterrupted()) {
                return ErrorEnvelope.builder(ErrorCategory.TIMEOUT).reason("interrupted")
                        .message("interrupted while waiting for the provider");
            }
            return ErrorEnvelope.builder(ErrorCategory.TIMEOUT).reason(Reasons.DEADLINE_EXCEEDED)
                    .message("the call's deadline passed while waiting for the provider");
        }
        String what = e instanceof ConnectException ? "connection refused or unreachable"
                : e instanceof java.net.UnknownHostException ? "host name could not be resolved"
                : e instanceof javax.net.ssl.SSLException ? "TLS handshake or session failed"
                : "connection failed (" + e.getClass().getSimpleName() + ")";
        return ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR).reason(Reasons.CONNECTION_FAILED).message(what);
    }

}
