package dev.outbound.providers.internal;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.AccountKey;
import dev.outbound.providers.batch.BatchOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the sub-responses of a batch into outcomes with the provider's classifier. Stateless. */
public final class BatchSupport {
    private BatchSupport() {
    }

    /** The outcome of one sub-response; a failure carries the call's account and operation. */
    public static BatchOutcome outcome(String id, int status, Map<String, List<String>> headers, byte[] body,
                                       ErrorClassifier classifier, AccountKey account, String operation) {
        int safeStatus = status < 100 || status > 999 ? 500 : status;
        Optional<ErrorEnvelope> error = classifier.classify(ProviderResponse.of(safeStatus, headers, body));
        if (error.isPresent()) {
            return new BatchOutcome.Failure(id, error.get().toBuilder().customer(account.customerId())
                    .provider(account.provider()).operation(operation).build());
        }
        return new BatchOutcome.Success(id, safeStatus, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** The outcome of an operation the response did not answer. */
    public static BatchOutcome missing(String id, AccountKey account, String operation, Clock clock) {
        return new BatchOutcome.Failure(id, ErrorEnvelope.builder(ErrorCategory.SERVER_ERROR)
                .provider(account.provider()).customer(account.customerId()).operation(operation)
                .reason(Reasons.MALFORMED_RESPONSE).message("the batch response has no answer for operation " + id)
                .timestamp(clock.instant()).build());
    }
}
