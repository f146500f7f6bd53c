package dev.outbound.providers.netsuite;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads NetSuite errors (PROVIDERS.md §4): REST {@code {type, title, status, o:errorDetails[{detail, o:errorCode}]}},
 * SOAP faults ({@code faultstring "com.netledger.dto.faults.<FaultName>: <message>"}, {@code detail/code}), and the
 * errors NetSuite reports with HTTP 200: a RESTlet that caught a SuiteScript error and returned
 * {@code {"error": {"code", "message"}}} or, from a SuiteScript 2.x error object, {@code {"error": {"type":
 * "error.SuiteScriptError", "name", "message"}}} (the usual SuiteScript error shapes; PROVIDERS.md gives no verbatim
 * body — UNVERIFIED), and SOAP write responses whose every {@code status} is {@code isSuccess="false"} (mixed results are
 * a success: the caller reads per-record statuses).
 *
 * <p>Codes and fault names map as follows (anything else keeps the status's category):
 * concurrency governance ({@code SSS_REQUEST_LIMIT_EXCEEDED} on a RESTlet 400, {@code WS_CONCUR_SESSION_DISALLWD},
 * {@code WS_REQUEST_BLOCKED}, {@code ExceededConcurrentRequestLimitFault}, {@code ExceededRequestLimitFault}) →
 * {@code rate_limited}/{@code concurrency_limit}; {@code ExceededUsageLimitFault} → {@code rate_limited};
 * sessions ({@code INVALID_SESSION}, {@code SESSION_TIMED_OUT}, {@code InvalidSessionFault}) →
 * {@code auth_failure}/{@code token_expired}; logins ({@code INVALID_LOGIN}, {@code INVALID_LOGIN_ATTEMPT},
 * {@code INVALID_LOGIN_CREDENTIALS}, {@code INVALID_USERNAME}, {@code InvalidCredentialsFault},
 * {@code InvalidAccountFault}, {@code InvalidPartnerCredentials}) → {@code auth_failure}/{@code invalid_login} (the
 * real cause is only in the Login Audit Trail); {@code InsufficientPermissionFault}, {@code InvalidRequestIP} →
 * {@code permission_denied}; {@code InvalidVersionFault} → {@code not_found}/{@code version_retired}; size limits
 * ({@code ExceededRecordCountFault}, {@code ExceededRequestSizeFault}, {@code MAX_RCRDS_EXCEEDED}) →
 * {@code validation_error}; {@code UnexpectedErrorFault}, {@code ACCT_TEMP_UNAVAILABLE} → {@code server_error}.
 * Immutable and thread-safe; never throws.
 */
public final class NetSuiteClassifier extends ProviderClassifier {
    private static final Pattern FAULT_NAME = Pattern.compile("com\\.netledger\\.[A-Za-z0-9_.]*\\.([A-Za-z]+Fault)");

    private record Mapping(ErrorCategory category, String reason) {
    }

    private static final Map<String, Mapping> CODES = Map.ofEntries(
            Map.entry("SSS_REQUEST_LIMIT_EXCEEDED", limit(Reasons.CONCURRENCY_LIMIT)),
            Map.entry("WS_CONCUR_SESSION_DISALLWD", limit(Reasons.CONCURRENCY_LIMIT)),
            Map.entry("WS_REQUEST_BLOCKED", limit(Reasons.CONCURRENCY_LIMIT)),
            Map.entry("EXCEEDEDCONCURRENTREQUESTLIMITFAULT", limit(Reasons.CONCURRENCY_LIMIT)),
            Map.entry("EXCEEDEDREQUESTLIMITFAULT", limit(Reasons.CONCURRENCY_LIMIT)),
            Map.entry("EXCEEDEDUSAGELIMITFAULT", limit("usage_limit")),
            Map.entry("INVALID_SESSION", auth(Reasons.TOKEN_EXPIRED)),
            Map.entry("SESSION_TIMED_OUT", auth(Reasons.TOKEN_EXPIRED)),
            Map.entry("INVALIDSESSIONFAULT", auth(Reasons.TOKEN_EXPIRED)),
            Map.entry("INVALID_LOGIN", auth("invalid_login")),
            Map.entry("INVALID_LOGIN_ATTEMPT", auth("invalid_login")),
            Map.entry("INVALID_LOGIN_CREDENTIALS", auth("invalid_login")),
            Map.entry("INVALID_USERNAME", auth("invalid_login")),
            Map.entry("INVALIDCREDENTIALSFAULT", auth("invalid_login")),
            Map.entry("INVALIDACCOUNTFAULT", auth("invalid_login")),
            Map.entry("INVALIDPARTNERCREDENTIALS", auth("invalid_login")),
            Map.entry("INSUFFICIENTPERMISSIONFAULT", auth(Reasons.PERMISSION_DENIED)),
            Map.entry("INVALIDREQUESTIP", auth(Reasons.PERMISSION_DENIED)),
            Map.entry("INVALIDVERSIONFAULT", new Mapping(ErrorCategory.NOT_FOUND, Reasons.VERSION_RETIRED)),
            Map.entry("EXCEEDEDRECORDCOUNTFAULT", new Mapping(ErrorCategory.VALIDATION_ERROR, "request_too_large")),
            Map.entry("EXCEEDEDREQUESTSIZEFAULT", new Mapping(ErrorCategory.VALIDATION_ERROR, "request_too_large")),
            Map.entry("MAX_RCRDS_EXCEEDED", new Mapping(ErrorCategory.VALIDATION_ERROR, "request_too_large")),
            Map.entry("UNEXPECTEDERRORFAULT", new Mapping(ErrorCategory.SERVER_ERROR, Reasons.HTTP_STATUS)),
            Map.entry("ACCT_TEMP_UNAVAILABLE", new Mapping(ErrorCategory.SERVER_ERROR, "account_unavailable")));

    public NetSuiteClassifier(Clock clock) {
        super(NetSuiteAdapter.ID, clock);
    }

    @Override
    protected Optional<ErrorEnvelope> refine(ProviderResponse r, Optional<ErrorEnvelope> baseline) {
        if (baseline.isEmpty()) {
            return r.isSuccessful() ? errorInSuccess(r) : baseline;
        }
        ErrorEnvelope e = baseline.get();
        String faultName = faultName(Bodies.text(r));
        Mapping m = mappingOf(e.providerCode()).or(() -> mappingOf(faultName)).orElse(null);
        if (e.providerCode().isEmpty() && !faultName.isEmpty()) {
            e = e.toBuilder().providerCode(faultName).build();
        }
        return Optional.of(m == null ? e : Envelopes.recategorize(e, m.category(), m.reason()));
    }

    private Optional<ErrorEnvelope> errorInSuccess(ProviderResponse r) {
        Optional<JsonNode> tree = Bodies.json(r);
        if (tree.isPresent()) {
            JsonNode error = tree.get().get("error");
            // A SuiteScript 2.x error object names its code "name" (type error.SuiteScriptError); 1.0 and the
            // RESTlet framework's own answers use "code".
            String code = error == null || !error.isObject() ? ""
                    : !Bodies.at(error, "code").isEmpty() ? Bodies.at(error, "code") : Bodies.at(error, "name");
            if (!code.isEmpty()) {
                return Optional.of(inBody(r, code, Bodies.at(error, "message")));
            }
            JsonNode details = tree.get().get("o:errorDetails");
            if (details != null && details.isArray() && details.size() > 0) {
                return Optional.of(inBody(r, Bodies.at(details.get(0), "o:errorCode"),
                        Bodies.at(details.get(0), "detail")));
            }
            return Optional.empty();
        }
        Optional<Document> xml = Bodies.xml(r);
        if (xml.isEmpty()) {
            return Optional.empty();
        }
        NodeList faults = xml.get().getElementsByTagNameNS("*", "Fault");
        if (faults.getLength() > 0) {
            ErrorBodies.Details d = ErrorBodies.read(r);
            String name = faultName(Bodies.text(r));
            return Optional.of(inBody(r, d.providerCode().isEmpty() ? name : d.providerCode(), d.message()));
        }
        NodeList statuses = xml.get().getElementsByTagNameNS("*", "status");
        boolean anyFailed = false;
        boolean anySucceeded = false;
        Element firstFailed = null;
        for (int i = 0; i < statuses.getLength(); i++) {
            Element s = (Element) statuses.item(i);
            String ok = s.getAttribute("isSuccess");
            if (ok.equalsIgnoreCase("false")) {
                anyFailed = true;
                firstFailed = firstFailed == null ? s : firstFailed;
            } else if (ok.equalsIgnoreCase("true")) {
                anySucceeded = true;
            }
        }
        if (!anyFailed || anySucceeded) {
            return Optional.empty();
        }
        return Optional.of(inBody(r, childText(firstFailed, "code"), childText(firstFailed, "message")));
    }

    private ErrorEnvelope inBody(ProviderResponse r, String code, String message) {
        Mapping m = mappingOf(code).orElse(new Mapping(ErrorCategory.VALIDATION_ERROR, Reasons.ERROR_IN_SUCCESS_BODY));
        return errorInSuccessBody(r, m.category(), m.reason(), code, message.isEmpty() ? "error reported with HTTP "
                + r.status() : message);
    }

    private static Optional<Mapping> mappingOf(String code) {
        if (code == null || code.isEmpty()) {
            return Optional.empty();
        }
        String upper = code.toUpperCase(Locale.ROOT);
        Mapping m = CODES.get(upper);
        return Optional.ofNullable(m != null ? m : CODES.get(upper.replace("_", "")));
    }

    private static String faultName(String text) {
        Matcher m = FAULT_NAME.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static String childText(Element parent, String localName) {
        NodeList n = parent.getElementsByTagNameNS("*", localName);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
    }

    private static Mapping limit(String reason) {
        return new Mapping(ErrorCategory.RATE_LIMITED, reason);
    }

    private static Mapping auth(String reason) {
        return new Mapping(ErrorCategory.AUTH_FAILURE, reason);
    }
}
