package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.GenericErrorClassifier;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import dev.outbound.errors.RetryAfter;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.gateway.OutboundMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 9: the adapter's classifier turns the raw response into success or an error envelope — including errors
 * that come with HTTP 200. A classifier that breaks its never-throw contract is logged and replaced by the generic
 * classifier for that response, so the caller still gets an envelope.
 *
 * <p>A pause the provider asks for is capped here, once, by {@code ProviderPolicy.maxRetryAfter} (or
 * {@code maxQuotaPause} for an exhausted documented quota), so that no later stage — retry, limiter, circuit — can be
 * made to wait for a year by one hostile {@code Retry-After}. A capped envelope says so in its message.
 */
final class ClassifyStage implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger(ClassifyStage.class);
    private final GenericErrorClassifier fallback = GenericErrorClassifier.create();
    private final MeterRegistry registry;

    ClassifyStage(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public IntegrationResponse intercept(Chain chain) {
        CallState call = chain.call();
        IntegrationResponse raw = chain.proceed(chain.request());
        ProviderResponse response = new ProviderResponse(raw.status(), raw.headers(), raw.body(),
                raw.bodyTruncated());
        Optional<ErrorEnvelope> error;
        try {
            error = call.adapter().classifier().classify(response);
        } catch (RuntimeException e) {
            log.error("classifier of {} threw {} on an HTTP {} response; using the generic classifier",
                    call.adapter().providerId(), e.getClass().getName(), raw.status());
            error = fallback.classify(response);
        }
        if (error.isPresent()) {
            ErrorEnvelope.Builder envelope = error.get().toBuilder();
            // Classifiers count an HTTP-date Retry-After from their own clock; the pipeline's clock is the one
            // deadlines and waits use, so the standard header is read again against it.
            RetryAfter.of(response, call.clock()).ifPresent(envelope::retryAfter);
            throw call.fail(capRetryAfter(call, envelope.build()));
        }
        return raw;
    }

    private ErrorEnvelope.Builder capRetryAfter(CallState call, ErrorEnvelope envelope) {
        ErrorEnvelope.Builder b = envelope.toBuilder();
        Optional<Duration> asked = envelope.retryAfter();
        Duration ceiling = call.policy().retryAfterCeiling(envelope.reason());
        if (asked.isEmpty() || asked.get().compareTo(ceiling) <= 0) {
            return b;
        }
        String setting = Reasons.QUOTA_EXHAUSTED.equals(envelope.reason()) ? "maxQuotaPause" : "maxRetryAfter";
        log.warn("{} asked {} to wait {}; capped at {} by ProviderPolicy.{}", call.account().provider(),
                call.account(), human(asked.get()), human(ceiling),
                setting);
        Counter.builder(OutboundMetrics.RETRY_AFTER_CAPPED)
                .description("provider-requested pauses longer than the policy allows, capped")
                .tag(OutboundMetrics.TAG_PROVIDER, call.account().provider())
                .register(registry).increment();
        return b.retryAfter(ceiling)
                .message(envelope.message() + " (provider asked to wait " + human(asked.get())
                        + "; capped at " + human(ceiling) + " by ProviderPolicy." + setting + ")");
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 86_400 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s >= 3_600 && s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s >= 60 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s > 0 ? s + "s" : d.toMillis() + "ms";
    }
}
