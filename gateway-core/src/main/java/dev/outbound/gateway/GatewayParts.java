package dev.outbound.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.internal.CircuitBreakers;
import io.github.resilience4j.micrometer.tagged.CircuitBreakerMetricNames;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** The gateway's default parts: its one HTTP client, JSON mapper, async executor and circuit-breaker meters. Stateless. */
final class GatewayParts {
    private GatewayParts() {
    }

    /** One OkHttp client for every provider: redirects are followed by the transport stage, never by OkHttp. */
    static OkHttpClient httpClient(HttpSettings settings, X509TrustManager trustManager) {
        OkHttpClient.Builder shared = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(settings.maxIdleConnections(), settings.keepAlive().toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false);
        if (trustManager != null) {
            shared.sslSocketFactory(trusting(trustManager).getSocketFactory(), trustManager);
        }
        return shared.build();
    }

    /** The credential manager with the builder's store, refresher, lock and limits. */
    static CredentialManager credentialManager(IntegrationGateway.Builder b, Clock clock, MeterRegistry registry) {
        CredentialManager.Builder cm = CredentialManager.builder(b.credentialStore).refresher(b.tokenRefresher)
                .clock(clock).sleeper(b.sleeper).meterRegistry(registry).listener(b.authEventListener);
        if (b.refreshWindow != null) {
            cm.refreshWindow(b.refreshWindow);
        }
        if (b.refreshLock != null) {
            cm.refreshLock(b.refreshLock);
        }
        if (b.rejectionLimit > 0) {
            cm.rejectionLimit(b.rejectionLimit);
        }
        return cm.build();
    }

    static void bindCircuitMetrics(CircuitBreakers breakers, MeterRegistry registry) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(CircuitBreakerMetricNames.custom()
                .stateMetricName(OutboundMetrics.CIRCUIT_PREFIX + ".state")
                .callsMetricName(OutboundMetrics.CIRCUIT_PREFIX + ".calls")
                .failureRateMetricName(OutboundMetrics.CIRCUIT_PREFIX + ".failure.rate")
                .bufferedCallsMetricName(OutboundMetrics.CIRCUIT_PREFIX + ".buffered.calls")
                .notPermittedCallsMetricName(OutboundMetrics.CIRCUIT_PREFIX + ".not.permitted.calls")
                .slowCallRateMetricName(OutboundMetrics.CIRCUIT_PREFIX + ".slow.call.rate")
                .slowCallsMetricName(OutboundMetrics.CIRCUIT_PREFIX + ".slow.calls")
                .build(), breakers.registry()).bindTo(registry);
    }

    static SSLContext trusting(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    static ObjectMapper defaultMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    static ExecutorService defaultExecutor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "outbound-async-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
