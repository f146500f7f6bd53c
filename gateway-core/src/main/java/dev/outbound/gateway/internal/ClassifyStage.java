package dev.outbound.gateway.internal;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.GenericErrorClassifier;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.RetryAfter;
import dev.outbound.gateway.IntegrationResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 9: the adapter's classifier turns the raw response into success or an error envelope — including errors
 * that come with HTTP 200. A classifier that breaks its never-throw contract is logged and replaced by the generic
 * classifier for that response, so the caller still gets an envelope.
 */
final class ClassifyStage implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger(ClassifyStage.class);
    private final GenericErrorClassifier fallback = GenericErrorClassifier.create();

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
            throw call.fail(envelope);
        }
        return raw;
    }
}
