package dev.outbound.gateway.internal;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;
import dev.outbound.gateway.HttpSettings;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.ProviderPolicy;
import dev.outbound.gateway.spi.CallListener;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.gateway.spi.ProviderAdapter;
import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.gateway.spi.Sleeper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * The call pipeline, assembled in one place. Stages run in this order, outermost first:
 * <ol>
 *   <li>{@link ContextStage} — correlation id and account on the MDC;</li>
 *   <li>{@link ObserveStage} — one timer sample and outcome per call; the {@link CallListener}s are told;</li>
 *   <li>{@link RetryStage} — retries by error category within the deadline;</li>
 *   <li>{@link CircuitBreakerStage} — per provider and account, fails fast when open;</li>
 *   <li>{@link RateLimitStage} — one permit per attempt, released on every path;</li>
 *   <li>{@link RouteStage} — URL, pinned version, host allowlist;</li>
 *   <li>{@link CredentialStage} — the account's credential applied by the adapter;</li>
 *   <li>{@link AttemptLogStage} — one log line per attempt;</li>
 *   <li>{@link ClassifyStage} — response to success or envelope;</li>
 *   <li>{@link UsageStage} — what every response says about the provider's limits, told to the limiter;</li>
 *   <li>{@link ExchangeStage} — the adapter's exchange hook (SAP CSRF handshake);</li>
 *   <li>{@link TransportStage} — OkHttp, redirects checked, bodies bounded.</li>
 * </ol>
 * The pipeline also owns the gateway-wide budget of buffered response bytes ({@code HttpSettings.maxBufferedBytesTotal}):
 * each call takes its share while it reads, and gives it all back when it returns to its caller.
 * Thread-safe: the stages hold only shared, thread-safe collaborators.
 */
public final class Pipeline {
    private final List<Interceptor> stages;
    private final Clock clock;
    private final ByteBudget buffers;

    public Pipeline(Clock clock, Sleeper sleeper, MeterRegistry registry, CredentialResolver credentials,
                    RateLimiter limiter, CircuitBreakers breakers, OkHttpClient http, HttpSettings httpSettings) {
        this(clock, sleeper, registry, credentials, limiter, breakers, http, httpSettings, List.of());
    }

    /** A pipeline whose observe stage tells {@code callListeners}, in order, of every call. */
    public Pipeline(Clock clock, Sleeper sleeper, MeterRegistry registry, CredentialResolver credentials,
                    RateLimiter limiter, CircuitBreakers breakers, OkHttpClient http, HttpSettings httpSettings,
                    List<CallListener> callListeners) {
        this.clock = clock;
        this.buffers = new ByteBudget(httpSettings.maxBufferedBytesTotal());
        Gauge.builder(OutboundMetrics.HTTP_BUFFERED_BYTES, buffers, ByteBudget::used)
                .description("response bytes held by calls in flight, of HttpSettings.maxBufferedBytesTotal")
                .baseUnit("bytes").register(registry);
        this.stages = List.of(
                new ContextStage(),
                new ObserveStage(registry, new CallListeners(callListeners)),
                new RetryStage(new Retries(), credentials, sleeper, registry),
                new CircuitBreakerStage(breakers),
                new RateLimitStage(limiter),
                new RouteStage(),
                new CredentialStage(credentials),
                new AttemptLogStage(registry),
                new ClassifyStage(registry),
                new UsageStage(limiter),
                new ExchangeStage(),
                new TransportStage(http, httpSettings));
    }

    /**
     * Runs one call through every stage. {@code integration} (empty for none) only travels to the call listeners, so
     * that health is kept per integration; no stage decides anything on it.
     */
    public IntegrationResponse execute(OutboundRequest request, AccountKey account, String integration,
                                       String operation, Priority priority, Instant deadline, String correlationId,
                                       ProviderAdapter adapter, ProviderPolicy policy, AccountSettings settings,
                                       boolean retryAllowed) {
        CallState call = new CallState(account, integration, operation, priority, deadline, correlationId, adapter, policy,
                settings, retryAllowed, clock, buffers.lease());
        call.pathTemplate(request.pathTemplate());
        try {
            return new RealChain(stages, 0, request, call).proceed(request);
        } finally {
            // The body now belongs to the caller (or the call failed): it no longer counts against the gateway.
            call.buffers().releaseAll();
        }
    }
}
