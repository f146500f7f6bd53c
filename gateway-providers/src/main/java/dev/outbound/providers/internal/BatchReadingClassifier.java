package dev.outbound.providers.internal;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import dev.outbound.errors.spi.ErrorClassifier;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's classifier that also reads a batch answer as a whole (what {@code Providers.classify} answers): when
 * a {@code $batch} or Composite answer carries failed parts, the result is the envelope of the first failed part —
 * category, reason, code, {@code Retry-After} and raw error — even when the answer itself is a 200; otherwise the
 * provider's classifier decides. The envelope keeps the HTTP status of the answer that came over the wire (the
 * part's status is named in the message), and a part's bare {@code http_status} reason becomes
 * {@code error_in_success_body} when that answer was a success.
 *
 * <p>The adapters use the provider's classifier alone, on purpose: a live batch call must come back to its batch
 * helper ({@code SalesforceComposite}, {@code SapBatch}, {@code DataverseBatch}), which reports every part's outcome
 * instead of failing the whole call on one part. Immutable and thread-safe; never throws.
 */
public final class BatchReadingClassifier implements ErrorClassifier {

    /** Finds the first failed part of an answer, empty when the answer is no batch or no part failed. */
    @FunctionalInterface
    public interface PartReader {
        /**
         * @param response the whole answer
         * @param parts the classifier for one part's response
         */
        Optional<ErrorEnvelope> firstFailedPart(ProviderResponse response, ErrorClassifier parts);
    }

    private final ProviderClassifier provider;
    private final PartReader reader;

    public BatchReadingClassifier(ProviderClassifier provider, PartReader reader) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public Optional<ErrorEnvelope> classify(ProviderResponse response) {
        Objects.requireNonNull(response, "response");
        Optional<ErrorEnvelope> part;
        try {
            part = reader.firstFailedPart(response, provider);
        } catch (RuntimeException | StackOverflowError unreadable) {
            part = Optional.empty(); // an unreadable batch still gets the provider's reading of the whole answer
        }
        return part.isPresent() ? Optional.of(asAnswer(response, part.get())) : provider.classify(response);
    }

    private static ErrorEnvelope asAnswer(ProviderResponse answer, ErrorEnvelope part) {
        ErrorEnvelope.Builder b = part.toBuilder().httpStatus(answer.status())
                .message(Bodies.clean("a batch part failed with HTTP " + part.httpStatus() + ": " + part.message()));
        if (answer.isSuccessful() && part.reason().equals(Reasons.HTTP_STATUS)) {
            b.reason(Reasons.ERROR_IN_SUCCESS_BODY);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "BatchReadingClassifier[" + provider + "]";
    }
}
