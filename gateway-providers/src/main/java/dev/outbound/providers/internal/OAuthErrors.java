package dev.outbound.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import java.util.Locale;
import java.util.Optional;

/**
 * The classification policy for OAuth 2.0 errors (PROVIDERS.md §0 — a choice, not a provider fact): token-endpoint
 * bodies {@code {"error": "<code>", "error_description": ...}} (RFC 6749 §5.2) and bearer challenges in
 * {@code WWW-Authenticate} (RFC 6750 §3).
 * <ul>
 *   <li>{@code invalid_grant} → {@code auth_failure}, reason {@code token_revoked} (the grant or refresh token is
 *       invalid, expired or revoked: refreshing again cannot help);</li>
 *   <li>{@code invalid_client}, {@code unauthorized_client} → {@code auth_failure};</li>
 *   <li>{@code invalid_scope}, {@code insufficient_scope} → {@code auth_failure}, reason
 *       {@code permission_denied};</li>
 *   <li>{@code invalid_token} → {@code auth_failure}, reason {@code token_expired};</li>
 *   <li>{@code invalid_request}, {@code unsupported_grant_type}, {@code unsupported_response_type} →
 *       {@code validation_error}, unless the status is 401 or 403 (then the status's {@code auth_failure}
 *       stands).</li>
 * </ul>
 * A body whose {@code error} is an object (OData, Stripe, Dataverse) is not an OAuth error. Stateless.
 */
public final class OAuthErrors {
    private OAuthErrors() {
    }

    /** The envelope refined by the OAuth policy, or unchanged when the response is no OAuth error. */
    public static ErrorEnvelope refine(ProviderResponse r, Optional<JsonNode> tree, ErrorEnvelope e) {
        String code = tree.filter(JsonNode::isObject).map(t -> t.get("error"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).orElse("");
        String description = tree.map(t -> Bodies.at(t, "error_description")).orElse("");
        if (code.isEmpty() && (r.status() == 401 || r.status() == 403)) {
            code = challengeError(r.header("WWW-Authenticate").orElse(""));
        }
        if (code.isEmpty()) {
            return e;
        }
        ErrorEnvelope refined = switch (code.toLowerCase(Locale.ROOT)) {
            case "invalid_grant" -> Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, Reasons.TOKEN_REVOKED);
            case "invalid_client", "unauthorized_client" ->
                    Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, "invalid_client");
            case "invalid_scope", "insufficient_scope" ->
                    Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, Reasons.PERMISSION_DENIED);
            case "invalid_token" -> Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, Reasons.TOKEN_EXPIRED);
            // RFC 6750 §3.1 asks for 400 here; a server that answers 401 or 403 anyway refused the credentials
            // (commonly a missing or unreadable token), which a refresh can fix and a validation error would hide.
            case "invalid_request", "unsupported_grant_type", "unsupported_response_type" ->
                    r.status() == 401 || r.status() == 403 ? e
                            : Envelopes.recategorize(e, ErrorCategory.VALIDATION_ERROR, e.reason());
            default -> e;
        };
        ErrorEnvelope.Builder b = refined.toBuilder();
        if (refined.providerCode().isEmpty()) {
            b.providerCode(Bodies.clean(code));
        }
        if (!description.isEmpty()) {
            b.message(Bodies.clean(description));
        }
        return b.build();
    }

    /** The {@code error} parameter of a bearer challenge, empty when there is none. */
    static String challengeError(String challenge) {
        String c = challenge.length() > 4096 ? challenge.substring(0, 4096) : challenge;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(?:^|[\\s,])error\\s*=\\s*\"?([A-Za-z_]+)")
                .matcher(c);
        return m.find() ? m.group(1) : "";
    }
}
