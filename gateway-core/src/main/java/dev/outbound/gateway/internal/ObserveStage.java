package dev.outbound.gateway.internal;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.OutboundMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: one timer sample and one outcome per call; a failed call is counted by category and logged once with
 * its envelope summary (attempts are logged by {@link AttemptLogStage}).
 */
final class ObserveStage implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.calls");
    private final MeterRegistry registry;

    ObserveStage(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        Timer.Sample sample = Timer.start(registry);
        Tags base = Tags.of(OutboundMetrics.TAG_PROVIDER, call.account().provider(),
                OutboundMetrics.TAG_CUSTOMER, call.account().customerId(),
                OutboundMetrics.TAG_OPERATION, call.operation());
        try {
            IntegrationResponse response = chain.proceed(chain.request());
            sample.stop(registry.timer(OutboundMetrics.CALLS, base.and(OutboundMetrics.TAG_OUTCOME,
                    OutboundMetrics.OUTCOME_SUCCESS, OutboundMetrics.TAG_CATEGORY, OutboundMetrics.CATEGORY_NONE)));
            return response;
        } catch (IntegrationException e) {
            String category = e.category().wireName();
            sample.stop(registry.timer(OutboundMetrics.CALLS, base.and(OutboundMetrics.TAG_OUTCOME,
                    OutboundMetrics.OUTCOME_ERROR, OutboundMetrics.TAG_CATEGORY, category)));
            Counter.builder(OutboundMetrics.ERRORS)
                    .tags(OutboundMetrics.TAG_PROVIDER, call.account().provider(),
                            OutboundMetrics.TAG_CUSTOMER, call.account().customerId(),
                            OutboundMetrics.TAG_CATEGORY, category)
                    .register(registry).increment();
            log.warn("call failed: {}", e.getMessage());
            throw e;
        }
    }
}
