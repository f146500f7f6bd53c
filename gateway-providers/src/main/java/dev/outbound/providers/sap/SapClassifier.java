package dev.outbound.providers.sap;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.Reasons;
import dev.outbound.providers.internal.Bodies;
import dev.outbound.providers.internal.Envelopes;
import dev.outbound.providers.internal.ProviderClassifier;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads SAP Gateway OData errors (PROVIDERS.md §3): V2 JSON {@code {"error":{"code","message":{"lang","value"},
 * "innererror":{...}}}}, V4 JSON {@code {"error":{"code","message","target","details"}}} and the V2 XML
 * {@code <error><code/><message/></error>}; the code is the T100 message id or exception class. The category comes
 * from the status, with one exception: a 403 that is a CSRF-token failure (response header
 * {@code X-CSRF-Token: Required}, or a body saying "CSRF token" — both wordings UNVERIFIED, third-party reports) is
 * {@code auth_failure}/{@code csrf_token_invalid}, not a permission problem. The adapter fetches a token and retries
 * once before this classifier sees the answer, so seeing it means the retry failed too. Immutable and thread-safe;
 * never throws.
 */
public final class SapClassifier extends ProviderClassifier {

    public SapClassifier(Clock clock) {
        super(SapODataAdapter.ID, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse r, Optional<ErrorEnvelope> baseline) {
        if (baseline.isEmpty() || r.status() != 403 || !isCsrfFailure(r.status(),
                r.header("X-CSRF-Token").orElse(""), Bodies.text(r))) {
            return baseline;
        }
        ErrorEnvelope e = Envelopes.recategorize(baseline.get(), ErrorCategory.AUTH_FAILURE,
                Reasons.CSRF_TOKEN_INVALID);
        return Optional.of(e.providerCode().isEmpty() ? e.toBuilder().providerCode("CSRF_TOKEN_INVALID").build() : e);
    }

    /** Whether a response is SAP's CSRF-token refusal. */
    static boolean isCsrfFailure(int status, String csrfHeader, String bodyPrefix) {
        if (status != 403) {
            return false;
        }
        if (csrfHeader.strip().equalsIgnoreCase("required")) {
            return true;
        }
        String head = bodyPrefix.length() > 4096 ? bodyPrefix.substring(0, 4096) : bodyPrefix;
        return head.toLowerCase(Locale.ROOT).contains("csrf token");
    }
}
