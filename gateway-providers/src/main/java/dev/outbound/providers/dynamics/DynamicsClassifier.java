package dev.outbound.providers.dynamics;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import dev.outbound.providers.internal.Envelopes;
import dev.outbound.providers.internal.Multipart;
import dev.outbound.providers.internal.ProviderClassifier;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Dataverse Web API errors (PROVIDERS.md §7): {@code {"error":{"code","message"}}} with optional
 * {@code @Microsoft.PowerApps.CDS.*} annotations (even when the documented body is malformed JSON, the streaming
 * reader still finds code and message), Microsoft Entra token errors (OAuth policy), and a {@code $batch} that
 * stopped at its first failure: the top-level status is that failure's and the multipart body's failing part gives
 * the code and message.
 * <ul>
 *   <li>429 service-protection limits: {@code -2147015902}/{@code 0x80072322} (requests in the 5-minute window),
 *       {@code -2147015903}/{@code 0x80072321} (combined execution time), {@code -2147015898}/{@code 0x80072326}
 *       (concurrent requests, reason {@code concurrency_limit}); {@code Retry-After} is honoured;</li>
 *   <li>412 ({@code ConcurrencyVersionMismatch}, {@code DuplicateRecord}, an upsert guard) is {@code conflict};
 *       404 {@code not_found}; 401 {@code auth_failure}/{@code token_expired}; 403 (privilege names such as
 *       {@code PrivilegeDenied}) {@code auth_failure}/{@code permission_denied}; 405
 *       {@code CannotDeleteDueToAssociation} is a {@code conflict} (the record is referenced).</li>
 * </ul>
 * Immutable and thread-safe; never throws.
 */
public final class DynamicsClassifier extends ProviderClassifier {
    private static final Set<String> REQUEST_COUNT = Set.of("-2147015902", "0x80072322");
    private static final Set<String> EXECUTION_TIME = Set.of("-2147015903", "0x80072321");
    private static final Set<String> CONCURRENCY = Set.of("-2147015898", "0x80072326");

    public DynamicsClassifier(Clock clock) {
        super(DynamicsAdapter.ID, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse r, Optional<ErrorEnvelope> baseline) {
        if (baseline.isEmpty()) {
            return baseline;
        }
        ErrorEnvelope e = baseline.get();
        if (r.contentType().startsWith("multipart/")) {
            e = fromFailedPart(r, e);
        }
        String code = e.providerCode().toLowerCase(Locale.ROOT);
        if (REQUEST_COUNT.contains(code)) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED, "request_count_limit"));
        }
        if (EXECUTION_TIME.contains(code)) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED, "execution_time_limit"));
        }
        if (CONCURRENCY.contains(code)) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED, Reasons.CONCURRENCY_LIMIT));
        }
        if (r.status() == 405 && code.equals("cannotdeleteduetoassociation")) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.CONFLICT, "referenced"));
        }
        return Optional.of(e);
    }

    /** The code and message of the first failing part of a multipart batch answer. */
    private ErrorEnvelope fromFailedPart(ProviderResponse r, ErrorEnvelope e) {
        Optional<String> boundary = Multipart.boundary(r.header("Content-Type").orElse(""));
        if (boundary.isEmpty()) {
            return e;
        }
        List<Multipart.Part> parts = Multipart.parse(r.body(), boundary.get());
        for (Multipart.Part part : parts) {
            Optional<Multipart.HttpMessage> m = Multipart.httpResponse(part.body());
            if (m.isPresent() && m.get().status() >= 400 && m.get().status() <= 999) {
                Optional<ErrorEnvelope> inner = classify(ProviderResponse.of(m.get().status(), m.get().headers(),
                        m.get().body()));
                if (inner.isPresent()) {
                    return e.toBuilder().providerCode(inner.get().providerCode()).message(inner.get().message())
                            .build();
                }
            }
        }
        return e;
    }
}
