package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.OutboundMetrics;
import dev.outbound.gateway.spi.CallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: one timer sample and one outcome per call; a failed call is counted by category and logged once with
 * its envelope summary (attempts are logged by {@link AttemptLogStage}). The gateway's {@link CallListener}s are told
 * of the call here: start, then exactly one of end or failed, also when a stage breaks its contract with an unexpected
 * exception, which is wrapped here into an {@link IntegrationException} (reason {@code unexpected_exception}) so
 * health never loses track of a call and the caller only ever sees that type. JVM {@link Error}s pass untouched.
 * This is also the last place an envelope is redacted of the call's credential values before the caller sees it.
 */
final class ObserveStage implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.calls");
    private final MeterRegistry registry;
    private final CallListeners listeners;

    ObserveStage(MeterRegistry registry, CallListeners listeners) {
        this.registry = registry;
        this.listeners = listeners;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        Timer.Sample sample = Timer.start(registry);
        Tags base = Tags.of(OutboundMetrics.TAG_PROVIDER, call.account().provider(),
                OutboundMetrics.TAG_CUSTOMER, call.account().customerId(),
                OutboundMetrics.TAG_OPERATION, call.operation());
        Instant started = call.clock().instant();
        CallListener.CallInfo info = listeners.isEmpty() ? null
                : new CallListener.CallInfo(call.account(), call.integration(), call.operation(),
                        call.correlationId(), started);
        if (info != null) {
            listeners.callStart(info);
        }
        try {
            IntegrationResponse response = chain.proceed(chain.request());
            sample.stop(callTimer(base.and(OutboundMetrics.TAG_OUTCOME, OutboundMetrics.OUTCOME_SUCCESS,
                    OutboundMetrics.TAG_CATEGORY, OutboundMetrics.CATEGORY_NONE)));
            if (info != null) {
                listeners.callEnd(info, since(call, started));
            }
            return response;
        } catch (RuntimeException thrown) {
            IntegrationException e = safe(call, thrown);
            if (info != null) {
                listeners.callFailed(info, e.envelope(), since(call, started));
            }
            String category = e.category().wireName();
            sample.stop(callTimer(base.and(OutboundMetrics.TAG_OUTCOME, OutboundMetrics.OUTCOME_ERROR,
                    OutboundMetrics.TAG_CATEGORY, category)));
            Counter.builder(OutboundMetrics.ERRORS)
                    .tags(OutboundMetrics.TAG_PROVIDER, call.account().provider(),
                            OutboundMetrics.TAG_CUSTOMER, call.account().customerId(),
                            OutboundMetrics.TAG_CATEGORY, category)
                    .register(registry).increment();
            log.warn("call failed: {}", e.getMessage());
            throw e;
        }
    }

    /**
     * What the caller may see: an {@link IntegrationException} whose envelope, message and cause chain hold none of
     * the call's credential values. A stage that broke its contract with another exception is wrapped as
     * {@code server_error}/{@code unexpected_exception}; a cause whose text carries a secret is dropped rather than
     * handed to a logger's stack trace.
     */
    static IntegrationException safe(CallState call, RuntimeException thrown) {
        if (thrown instanceof IntegrationException e) {
            ErrorEnvelope redacted = call.secrets().redact(e.envelope());
            boolean causeLeaks = leaks(call, e.getCause());
            if (redacted.equals(e.envelope()) && !causeLeaks) {
                return e;
            }
            return new IntegrationException(redacted, causeLeaks ? null : e.getCause());
        }
        String detail = thrown.getMessage() == null ? "" : ": " + call.secrets().redact(thrown.getMessage());
        ErrorEnvelope envelope = call.enrich(ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR)
                .reason(Reasons.UNEXPECTED_EXCEPTION)
                .message("unexpected " + thrown.getClass().getName() + detail).build());
        return new IntegrationException(envelope, leaks(call, thrown) ? null : thrown);
    }

    private static boolean leaks(CallState call, Throwable cause) {
        if (call.secrets().isEmpty()) {
            return false;
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && call.secrets().foundIn(t.getMessage())) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s.getMessage() != null && call.secrets().foundIn(s.getMessage())) {
                    return true;
                }
            }
        }
        return false;
    }

    // The builder, not MeterRegistry.timer(String, Tags): that overload exists only from Micrometer 1.16, and the
    // applications this runs in (Spring Boot 3.5 has 1.15) may have any Micrometer from 1.13 on.
    private Timer callTimer(Tags tags) {
        return Timer.builder(OutboundMetrics.CALLS).tags(tags).register(registry);
    }

    private static Duration since(CallState call, Instant started) {
        Duration d = Duration.between(started, call.clock().instant());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
