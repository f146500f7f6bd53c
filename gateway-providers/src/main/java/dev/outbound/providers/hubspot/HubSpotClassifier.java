package dev.outbound.providers.hubspot;

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

/**
 * Reads HubSpot errors (PROVIDERS.md §2): {@code {status, message, correlationId, category, subCategory, errors,
 * context, links}} and the 429 body {@code {status, message, errorType: "RATE_LIMIT", correlationId, policyName}}.
 * <ul>
 *   <li>429, {@code errorType RATE_LIMIT} or {@code category RATE_LIMITS} are {@code rate_limited}. Policy
 *       {@code DAILY} is {@code quota_exhausted} (resets at midnight in the account's time zone: not retried);
 *       {@code TEN_SECONDLY_ROLLING} waits 10 s and the search API's "You have reached your secondly limit." 1 s
 *       when no {@code Retry-After} says otherwise — what HubSpot's own Node SDK does;</li>
 *   <li>{@code category VALIDATION_ERROR} is {@code validation_error};</li>
 *   <li>categories seen only in third-party material (UNVERIFIED): {@code INVALID_AUTHENTICATION} and
 *       {@code EXPIRED_AUTHENTICATION} are {@code auth_failure}/{@code token_expired}, {@code MISSING_SCOPES}
 *       {@code auth_failure}/{@code permission_denied}, {@code OBJECT_NOT_FOUND} {@code not_found},
 *       {@code CONFLICT} {@code conflict}.</li>
 * </ul>
 * The provider code is the policy name, the error type or the category. Immutable and thread-safe; never throws.
 */
public final class HubSpotClassifier extends ProviderClassifier {
    static final String SECONDLY_MESSAGE = "You have reached your secondly limit.";

    public HubSpotClassifier(Clock clock) {
        super(HubSpotAdapter.ID, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse r, Optional<ErrorEnvelope> baseline) {
        if (baseline.isEmpty()) {
            return baseline;
        }
        ErrorEnvelope e = baseline.get();
        Optional<JsonNode> tree = Bodies.json(r);
        String text = tree.isPresent() ? "" : Bodies.text(r);
        String category = field(tree, text, "category");
        String errorType = field(tree, text, "errorType");
        String policy = field(tree, text, "policyName");
        String message = field(tree, text, "message");
        String cat = category.toUpperCase(Locale.ROOT);

        if (r.status() == 429 || errorType.equalsIgnoreCase("RATE_LIMIT") || cat.equals("RATE_LIMITS")) {
            boolean daily = policy.equalsIgnoreCase("DAILY");
            ErrorEnvelope.Builder b = Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED,
                    daily ? Reasons.QUOTA_EXHAUSTED : Reasons.HTTP_STATUS).toBuilder();
            String code = !policy.isEmpty() ? policy : !errorType.isEmpty() ? errorType : category;
            if (!code.isEmpty()) {
                b.providerCode(Bodies.clean(code));
            }
            if (e.retryAfter().isEmpty()) {
                if (policy.equalsIgnoreCase("TEN_SECONDLY_ROLLING")) {
                    b.retryAfter(Duration.ofSeconds(10));
                } else if (message.equals(SECONDLY_MESSAGE)) {
                    b.retryAfter(Duration.ofSeconds(1));
                }
            }
            return Optional.of(b.build());
        }
        return Optional.of(switch (cat) {
            case "VALIDATION_ERROR" -> Envelopes.recategorize(e, ErrorCategory.VALIDATION_ERROR, e.reason());
            case "INVALID_AUTHENTICATION", "EXPIRED_AUTHENTICATION" ->
                    Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, Reasons.TOKEN_EXPIRED);
            case "MISSING_SCOPES" -> Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, Reasons.PERMISSION_DENIED);
            case "OBJECT_NOT_FOUND" -> Envelopes.recategorize(e, ErrorCategory.NOT_FOUND, e.reason());
            case "CONFLICT" -> Envelopes.recategorize(e, ErrorCategory.CONFLICT, e.reason());
            default -> e;
        });
    }

    private static String field(Optional<JsonNode> tree, String text, String name) {
        return tree.map(t -> Bodies.at(t, name)).orElseGet(() -> Bodies.stringField(text, name).orElse(""));
    }
}
