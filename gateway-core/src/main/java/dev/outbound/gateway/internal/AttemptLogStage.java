package dev.outbound.gateway.internal;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.spi.OutboundRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 8: one log line per attempt sent to the provider — method, host, path template, status, latency, request
 * and response sizes, category — and never a payload, a header value, a query value or a secret. Success is logged
 * at INFO on {@code dev.outbound.http}, failure at WARN.
 */
final class AttemptLogStage implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.http");
    private final MeterRegistry registry;

    AttemptLogStage(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        OutboundRequest request = chain.request();
        String host = request.url().map(u -> u.getHost()).orElse("?");
        long start = System.nanoTime();
        try {
            IntegrationResponse response = chain.proceed(request);
            long micros = (System.nanoTime() - start) / 1_000;
            count(call, OutboundMetrics.OUTCOME_SUCCESS);
            if (log.isInfoEnabled()) {
                log.info("{} {} {} -> {} in {} ms, sent {} B, received {} B [attempt {} of {}]", request.method(),
                        host, request.pathTemplate(), response.status(), millis(micros), request.body().length,
                        response.body().length, call.attempt(), call.policy().maxAttempts());
            }
            return response;
        } catch (IntegrationException e) {
            long micros = (System.nanoTime() - start) / 1_000;
            count(call, OutboundMetrics.OUTCOME_ERROR);
            int status = e.envelope().httpStatus();
            log.warn("{} {} {} -> {} in {} ms, sent {} B, received {} B: {} {} [attempt {} of {}]", request.method(),
                    host, request.pathTemplate(), status == 0 ? "no response" : status, millis(micros),
                    request.body().length, e.envelope().rawError().length(), e.category().wireName(),
                    e.envelope().reason(), call.attempt(), call.policy().maxAttempts());
            throw e;
        }
    }

    private void count(CallState call, String outcome) {
        registry.counter(OutboundMetrics.ATTEMPTS, OutboundMetrics.TAG_PROVIDER, call.account().provider(),
                OutboundMetrics.TAG_CUSTOMER, call.account().customerId(), OutboundMetrics.TAG_OUTCOME, outcome)
                .increment();
    }

    private static String millis(long micros) {
        return micros >= 10_000 ? Long.toString(micros / 1_000) : String.format("%.1f", micros / 1000.0);
    }
}
