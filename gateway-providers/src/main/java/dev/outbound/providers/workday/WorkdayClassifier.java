package dev.outbound.providers.workday;

import dev.outbound.errors.ErrorBodies;
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
 * Reads Workday errors. Everything here is UNVERIFIED (PROVIDERS.md §6: no official Workday documentation or SDK
 * fixture was reachable; third-party code only). SOAP faults come with HTTP 500 whatever their cause (SOAP 1.1),
 * so the fault code decides: {@code SOAP-ENV:Client.validationError} (with
 * {@code detail/wd:Validation_Fault/wd:Validation_Error/wd:Message}) is {@code validation_error};
 * {@code Client.authenticationError} is {@code auth_failure}; "The web service or version is invalid for the
 * requested operation" is {@code not_found}/{@code version_retired}; other {@code Client.*} faults are
 * {@code validation_error}, {@code Server.*} faults {@code server_error}; a SOAP 1.2 fault reads the same, its
 * {@code Sender}/{@code Receiver} code standing for {@code Client}/{@code Server} and its subcode for the rest. REST errors take the status's category.
 * Immutable and thread-safe; never throws.
 */
public final class WorkdayClassifier extends ProviderClassifier {
    static final String VERSION_INVALID = "the web service or version is invalid";

    public WorkdayClassifier(Clock clock) {
        super(WorkdayAdapter.ID, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse r, Optional<ErrorEnvelope> baseline) {
        if (!Bodies.startsWith(r, '<')) {
            return baseline;
        }
        ErrorBodies.Details d = ErrorBodies.read(r);
        if (d.kind() != ErrorBodies.Kind.SOAP_FAULT) {
            return baseline;
        }
        String text = Bodies.text(r);
        String faultCode = faultCode(text);
        if (faultCode.isEmpty()) {
            // SOAP 1.2 has no faultcode element: Code/Value (Sender, Receiver) and its most specific Subcode
            faultCode = soap12Code(text);
        }
        String lowerCode = faultCode.toLowerCase(Locale.ROOT);
        String lowerText = text.toLowerCase(Locale.ROOT);
        ErrorCategory category;
        String reason;
        if (lowerText.contains(VERSION_INVALID)) {
            category = ErrorCategory.NOT_FOUND;
            reason = Reasons.VERSION_RETIRED;
        } else if (lowerCode.contains("authenticationerror")) {
            category = ErrorCategory.AUTH_FAILURE;
            reason = Reasons.TOKEN_EXPIRED;
        } else if (lowerCode.contains("validationerror")) {
            category = ErrorCategory.VALIDATION_ERROR;
            reason = "validation_fault";
        } else if (lowerCode.startsWith("client") || lowerCode.startsWith("sender")) {
            category = ErrorCategory.VALIDATION_ERROR;
            reason = Reasons.HTTP_STATUS;
        } else if (lowerCode.startsWith("server") || lowerCode.startsWith("receiver")) {
            category = ErrorCategory.SERVER_ERROR;
            reason = Reasons.HTTP_STATUS;
        } else {
            return baseline.isPresent() || !r.isSuccessful() ? baseline
                    : Optional.of(errorInSuccessBody(r, ErrorCategory.SERVER_ERROR, Reasons.ERROR_IN_SUCCESS_BODY,
                    faultCode, d.message()));
        }
        String code = faultCode.isEmpty() ? d.providerCode() : faultCode;
        if (baseline.isEmpty()) {
            return Optional.of(errorInSuccessBody(r, category, Reasons.ERROR_IN_SUCCESS_BODY, code, d.message()));
        }
        return Optional.of(Envelopes.recategorize(baseline.get(), category, reason).toBuilder()
                .providerCode(Bodies.clean(code)).build());
    }

    /**
     * A SOAP 1.2 fault's code without namespace prefixes: {@code Sender.validationError} for
     * {@code Code/Value Sender} with {@code Subcode/Value wd:validationError}, else the {@code Code} value alone.
     */
    private static String soap12Code(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<(?:[A-Za-z0-9_-]+:)?Value>\\s*"
                + "(?:[A-Za-z0-9_-]+:)?([A-Za-z0-9_.-]{1,100})\\s*</").matcher(text);
        String code = m.find() ? m.group(1) : "";
        String sub = m.find() ? m.group(1) : "";
        return sub.isEmpty() ? code : code + "." + sub;
    }

    /** The faultcode without its namespace prefix: {@code Client.validationError}. */
    private static String faultCode(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<(?:[A-Za-z0-9_-]+:)?faultcode>\\s*"
                + "(?:[A-Za-z0-9_-]+:)?([A-Za-z0-9_.-]{1,100})\\s*</").matcher(text);
        return m.find() ? m.group(1) : "";
    }
}
