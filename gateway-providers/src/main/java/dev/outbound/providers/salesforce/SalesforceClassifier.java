package dev.outbound.providers.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import dev.outbound.providers.internal.Bodies;
import dev.outbound.providers.internal.Envelopes;
import dev.outbound.providers.internal.ProviderClassifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Salesforce errors (PROVIDERS.md §1): REST JSON arrays {@code [{message, errorCode, fields}]} and the single
 * objects some paths return instead, the XML {@code <Errors><Error>} variant, SOAP faults ({@code sf:CODE}), HTML
 * pages (code {@code ERROR_HTTP_<status>}, as jsforce names them) and Marketing Cloud's
 * {@code {message, errorcode, retryAfter}}.
 * <ul>
 *   <li>{@code REQUEST_LIMIT_EXCEEDED} (403 for the org's rolling 24-hour allocation) is {@code rate_limited} with
 *       reason {@code quota_exhausted} — not retried, since the allocation only frees up over hours; when the
 *       message speaks of concurrent long-running requests it is {@code concurrency_limit} (backed off). The
 *       message wording for the concurrent case is UNVERIFIED (no verbatim body in PROVIDERS.md);</li>
 *   <li>{@code INVALID_SESSION_ID} (401) is {@code auth_failure}/{@code token_expired};</li>
 *   <li>{@code RESTAPINOTENABLED} (403, array or object body) is {@code auth_failure}/{@code permission_denied};
 *       {@code API_DISABLED_FOR_ORG} and the {@code INSUFFICIENT_ACCESS*} codes likewise (those are UNVERIFIED:
 *       not in PROVIDERS.md);</li>
 *   <li>410 (retired API version) and SOAP {@code UNSUPPORTED_API_VERSION} are {@code not_found}/
 *       {@code version_retired};</li>
 *   <li>{@code BATCH_PROCESSING_HALTED} (412 in {@code /composite/batch}) and {@code PROCESSING_HALTED} are
 *       {@code conflict}/{@code processing_halted}: the operation was not carried out because another failed;</li>
 *   <li>{@code QUERY_TIMEOUT} is {@code timeout}; 300 (an external id matching several records) is
 *       {@code conflict};</li>
 *   <li>Marketing Cloud 50100/50200 are {@code rate_limited}; the body's {@code retryAfter} is used when no
 *       header says (50200 is documented without {@code Retry-After}).</li>
 * </ul>
 * {@code /composite} answers 200 even when sub-requests fail; {@link SalesforceComposite} classifies each part.
 * Immutable and thread-safe; never throws.
 */
public final class SalesforceClassifier extends ProviderClassifier {
    private static final Set<String> PERMISSION = Set.of("RESTAPINOTENABLED", "API_DISABLED_FOR_ORG",
            "API_CURRENTLY_DISABLED", "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY",
            "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY");

    public SalesforceClassifier(Clock clock) {
        super(SalesforceAdapter.ID, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse r, Optional<ErrorEnvelope> baseline) {
        if (baseline.isEmpty()) {
            if (r.status() == 300) {
                return Optional.of(errorInSuccessBody(r, ErrorCategory.CONFLICT, "multiple_matches",
                        "MULTIPLE_CHOICES", "the external id matches several records"));
            }
            return baseline;
        }
        ErrorEnvelope e = baseline.get();
        String code = e.providerCode();
        if (code.isEmpty() && isHtml(r)) {
            e = e.toBuilder().providerCode("ERROR_HTTP_" + r.status()).build();
        }
        String upper = code.toUpperCase(Locale.ROOT);
        String message = e.message().toLowerCase(Locale.ROOT);
        if (upper.equals("REQUEST_LIMIT_EXCEEDED")) {
            boolean concurrent = message.contains("concurrent");
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED,
                    concurrent ? Reasons.CONCURRENCY_LIMIT : Reasons.QUOTA_EXHAUSTED));
        }
        if (upper.equals("INVALID_SESSION_ID")) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, Reasons.TOKEN_EXPIRED));
        }
        if (PERMISSION.contains(upper)) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, Reasons.PERMISSION_DENIED));
        }
        if (upper.equals("BATCH_PROCESSING_HALTED") || upper.equals("PROCESSING_HALTED")) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.CONFLICT, "processing_halted"));
        }
        if (upper.equals("QUERY_TIMEOUT")) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.TIMEOUT, "query_timeout"));
        }
        if (upper.equals("UNSUPPORTED_API_VERSION") || r.status() == 410) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.NOT_FOUND, Reasons.VERSION_RETIRED));
        }
        if (upper.equals("50100") || upper.equals("50200")) {
            ErrorEnvelope limited = Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED,
                    upper.equals("50200") ? "requests_blocked" : Reasons.HTTP_STATUS);
            if (limited.retryAfter().isEmpty()) {
                Optional<Long> seconds = Bodies.json(r).map(t -> t.get("retryAfter")).filter(JsonNode::canConvertToLong)
                        .map(JsonNode::asLong).or(() -> Bodies.numberField(Bodies.text(r), "retryAfter"));
                if (seconds.isPresent() && seconds.get() >= 0 && seconds.get() < 86_400) {
                    limited = limited.toBuilder().retryAfter(Duration.ofSeconds(seconds.get())).build();
                }
            }
            return Optional.of(limited);
        }
        return Optional.of(e);
    }

    private static boolean isHtml(ProviderResponse r) {
        return r.contentType().contains("html") || Bodies.text(r).stripLeading().toLowerCase(Locale.ROOT)
                .startsWith("<!doctype html") || Bodies.text(r).stripLeading().toLowerCase(Locale.ROOT)
                .startsWith("<html");
    }
}
