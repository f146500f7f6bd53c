package dev.outbound.providers.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.errors.ErrorBodies;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads Salesforce errors (PROVIDERS.md §1): REST JSON arrays {@code [{message, errorCode, fields}]} and the single
 * objects some paths return instead, the XML {@code <Errors><Error>} variant, SOAP faults ({@code sf:CODE}), HTML
 * pages (code {@code ERROR_HTTP_<status>}, as jsforce names them) and Marketing Cloud's
 * {@code {message, errorcode, retryAfter}}.
 * <ul>
 *   <li>{@code REQUEST_LIMIT_EXCEEDED} (403 for the org's rolling 24-hour allocation) is {@code rate_limited} with
 *       reason {@code quota_exhausted} — not retried, since the allocation only frees up over hours, and paused
 *       until the rolling window's usage should be back under the limit (from {@code Sforce-Limit-Info}); when the
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
 *   <li>SOAP faults come with HTTP 500 whatever went wrong, so the {@code ExceptionCode} decides, to the category
 *       the REST API gives the same error: the codes above, {@code NOT_FOUND} ({@code not_found}), the login
 *       codes such as {@code INVALID_LOGIN} ({@code auth_failure}/{@code invalid_login}), the query and field codes
 *       such as {@code INVALID_FIELD} or {@code MALFORMED_QUERY} and the SOAP API's caller-error fault types
 *       ({@code InvalidFieldFault}, {@code MalformedQueryFault}, ...) {@code validation_error}, and a fault whose
 *       {@code faultcode} is SOAP's own {@code Client} (a malformed message) {@code validation_error}. The SOAP
 *       error-handling page
 *       (https://developer.salesforce.com/docs/atlas.en-us.256.0.api.meta/api/sforce_api_concepts_errorhandling.htm)
 *       documents faults with an {@code ExceptionCode}; the individual codes and fault types beyond those named
 *       above come from the SOAP API's {@code ExceptionCode} list and are UNVERIFIED here. Anything else keeps
 *       {@code server_error}.</li>
 * </ul>
 * {@code /composite} answers 200 even when sub-requests fail; {@link SalesforceComposite} classifies each part.
 * Immutable and thread-safe; never throws.
 */
public final class SalesforceClassifier extends ProviderClassifier {
    private static final Set<String> PERMISSION = Set.of("RESTAPINOTENABLED", "API_DISABLED_FOR_ORG",
            "API_CURRENTLY_DISABLED", "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY",
            "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY");

    /** SOAP {@code ExceptionCode}s that the REST API answers with a 4xx: the category that status gives. */
    private static final Map<String, ErrorCategory> SOAP_CODES = Map.ofEntries(
            Map.entry("NOT_FOUND", ErrorCategory.NOT_FOUND),
            Map.entry("INVALID_FIELD", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_FIELD_FOR_INSERT_UPDATE", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_TYPE", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_ID_FIELD", ErrorCategory.VALIDATION_ERROR),
            Map.entry("MALFORMED_ID", ErrorCategory.VALIDATION_ERROR),
            Map.entry("MALFORMED_QUERY", ErrorCategory.VALIDATION_ERROR),
            Map.entry("MALFORMED_SEARCH", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_QUERY_FILTER_OPERATOR", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_QUERY_LOCATOR", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_SEARCH", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_BATCH_SIZE", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_OPERATION", ErrorCategory.VALIDATION_ERROR),
            Map.entry("INVALID_CROSS_REFERENCE_KEY", ErrorCategory.VALIDATION_ERROR),
            Map.entry("EXCEEDED_ID_LIMIT", ErrorCategory.VALIDATION_ERROR),
            Map.entry("OPERATION_TOO_LARGE", ErrorCategory.VALIDATION_ERROR),
            Map.entry("REQUIRED_FIELD_MISSING", ErrorCategory.VALIDATION_ERROR),
            Map.entry("STRING_TOO_LONG", ErrorCategory.VALIDATION_ERROR));
    /** Login failures: the credentials themselves are wrong, locked or expired. */
    private static final Set<String> LOGIN = Set.of("INVALID_LOGIN", "LOGIN_MUST_USE_SECURITY_TOKEN",
            "PASSWORD_LOCKOUT", "INVALID_OPERATION_WITH_EXPIRED_PASSWORD");
    /** SOAP API fault types that only a wrong request raises. */
    private static final Set<String> CALLER_FAULTS = Set.of("INVALIDFIELDFAULT", "MALFORMEDQUERYFAULT",
            "MALFORMEDSEARCHFAULT", "INVALIDSOBJECTFAULT", "INVALIDIDFAULT", "INVALIDQUERYLOCATORFAULT",
            "INVALIDNEWPASSWORDFAULT", "APIQUERYFAULT");

    /** The org allocation item of {@code Sforce-Limit-Info}; not {@code per-app-api-usage}. */
    private static final Pattern API_USAGE =
            Pattern.compile("(?:^|[;,\\s])api-usage\\s*=\\s*(\\d{1,15})\\s*/\\s*(\\d{1,15})");

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
            ErrorEnvelope limited = Envelopes.recategorize(e, ErrorCategory.RATE_LIMITED,
                    concurrent ? Reasons.CONCURRENCY_LIMIT : Reasons.QUOTA_EXHAUSTED);
            if (!concurrent && limited.retryAfter().isEmpty()) {
                limited = limited.toBuilder().retryAfter(untilUnderAllocation(r)).build();
            }
            return Optional.of(limited);
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
        if (LOGIN.contains(upper)) {
            return Optional.of(Envelopes.recategorize(e, ErrorCategory.AUTH_FAILURE, "invalid_login"));
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
        if (Bodies.startsWith(r, '<') && ErrorBodies.read(r).kind() == ErrorBodies.Kind.SOAP_FAULT) {
            return Optional.of(soapFault(r, e, upper));
        }
        return Optional.of(e);
    }

    /** A SOAP fault's category from its exception code, fault type or SOAP fault class; HTTP 500 says nothing. */
    private static ErrorEnvelope soapFault(ProviderResponse r, ErrorEnvelope e, String code) {
        ErrorCategory byCode = SOAP_CODES.get(code);
        if (byCode != null) {
            return Envelopes.recategorize(e, byCode, e.reason());
        }
        Optional<Element> fault = Bodies.xml(r).flatMap(SalesforceClassifier::faultElement);
        String faultType = fault.map(SalesforceClassifier::detailType).orElse("");
        String faultCode = fault.map(f -> childText(f, "faultcode")).orElse("");
        String faultClass = faultCode.substring(faultCode.lastIndexOf(':') + 1);
        if (CALLER_FAULTS.contains(faultType.toUpperCase(Locale.ROOT)) || faultClass.equals("Client")
                || faultClass.startsWith("Client.") || faultClass.equals("VersionMismatch")
                || faultClass.equals("MustUnderstand")) {
            return Envelopes.recategorize(e, ErrorCategory.VALIDATION_ERROR, e.reason());
        }
        return e;
    }

    private static Optional<Element> faultElement(Document d) {
        NodeList faults = d.getElementsByTagNameNS("*", "Fault");
        return faults.getLength() == 0 ? Optional.empty() : Optional.of((Element) faults.item(0));
    }

    /** The fault type in {@code detail}: the element's {@code xsi:type}, else its local name. */
    private static String detailType(Element fault) {
        NodeList details = fault.getElementsByTagNameNS("*", "detail");
        if (details.getLength() == 0) {
            details = fault.getElementsByTagName("detail");
        }
        if (details.getLength() == 0) {
            return "";
        }
        for (Node n = details.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                String type = child.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type");
                String name = type.isEmpty() ? child.getLocalName() : type;
                return name == null ? "" : name.substring(name.lastIndexOf(':') + 1);
            }
        }
        return "";
    }

    private static String childText(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && localName.equals(child.getLocalName() != null ? child.getLocalName()
                    : child.getNodeName())) {
                return child.getTextContent().strip();
            }
        }
        return "";
    }

    private static boolean isHtml(ProviderResponse r) {
        return r.contentType().contains("html") || Bodies.text(r).stripLeading().toLowerCase(Locale.ROOT)
                .startsWith("<!doctype html") || Bodies.text(r).stripLeading().toLowerCase(Locale.ROOT)
                .startsWith("<html");
    }

    /**
     * How long until the org's rolling 24-hour usage falls back under its allocation, as far as
     * {@code Sforce-Limit-Info: api-usage=used/limit} tells: calls age out of the window as they were made, so with
     * use spread over the day, the {@code used - limit + 1} calls over the line free up after that share of 24
     * hours (at least a minute). The allocation is a rolling window, not a midnight reset
     * (https://help.salesforce.com/s/articleView?id=xcloud.setup_system_overview_api.htm); without a readable
     * header, one hour: long enough not to hammer a blocked org, far shorter than a guessed midnight.
     */
    static Duration untilUnderAllocation(ProviderResponse r) {
        Matcher m = API_USAGE.matcher(r.header(SalesforceLimitInfo.HEADER).orElse(""));
        if (!m.find()) {
            return Duration.ofHours(1);
        }
        long used = Long.parseLong(m.group(1));
        long limit = Long.parseLong(m.group(2));
        if (limit == 0) {
            return Duration.ofHours(24);
        }
        double share = Math.min(1.0, (double) Math.max(1, used - limit + 1) / limit);
        return Duration.ofSeconds(Math.max(60, (long) Math.ceil(Duration.ofHours(24).toSeconds() * share)));
    }
}
