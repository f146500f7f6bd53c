package dev.outbound.errors;

/**
 * Well-known values of {@link ErrorEnvelope#reason()}: the finer cause inside a category. Adapters may use
 * their own reasons too; these are the ones the pipeline itself produces or reacts to. Constants only.
 */
public final class Reasons {
    public static final String HTTP_STATUS = "http_status";
    public static final String TOKEN_EXPIRED = "token_expired";
    public static final String TOKEN_REVOKED = "token_revoked";
    public static final String PERMISSION_DENIED = "permission_denied";
    public static final String CREDENTIAL_UNAVAILABLE = "credential_unavailable";
    public static final String QUOTA_EXHAUSTED = "quota_exhausted";
    public static final String CONCURRENCY_LIMIT = "concurrency_limit";
    public static final String LOCAL_QUOTA = "local_quota";
    public static final String LIMITER_UNAVAILABLE = "limiter_unavailable";
    public static final String CSRF_TOKEN_INVALID = "csrf_token_invalid";
    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String DEADLINE_EXCEEDED = "deadline_exceeded";
    public static final String READ_TIMEOUT = "read_timeout";
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    public static final String CONNECTION_FAILED = "connection_failed";
    public static final String ERROR_IN_SUCCESS_BODY = "error_in_success_body";
    public static final String MALFORMED_RESPONSE = "malformed_response";
    public static final String HOST_NOT_ALLOWED = "host_not_allowed";
    /** A redirect from https to plain http, refused: the request would travel in clear text. */
    public static final String INSECURE_REDIRECT = "insecure_redirect";
    /** A response body, decoded, larger than the gateway accepts for one call. */
    public static final String RESPONSE_TOO_LARGE = "response_too_large";
    /** A compressed response body that inflates more than the gateway allows (a decompression bomb). */
    public static final String INFLATION_RATIO_EXCEEDED = "inflation_ratio_exceeded";
    /** The gateway-wide budget of buffered response bytes, shared by all calls in flight, is used up. */
    public static final String GATEWAY_MEMORY_BUDGET = "gateway_memory_budget";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String VERSION_RETIRED = "version_retired";
    public static final String CREDENTIAL_INVALID = "credential_invalid";
    public static final String RETRY_AFTER_CAPPED = "retry_after_capped";
    public static final String UNEXPECTED_EXCEPTION = "unexpected_exception";
    /** The provider said outright that this request must not be repeated (e.g. {@code Stripe-Should-Retry: false}). */
    public static final String SHOULD_NOT_RETRY = "should_not_retry";
    /**
     * The provider said outright that repeating this request may succeed ({@code Stripe-Should-Retry: true}): retried
     * with backoff, without pausing the account in the rate limiter.
     */
    public static final String SHOULD_RETRY = "should_retry";
    /** A record that an integration's filter or field mappings could not handle; it was never sent. */
    public static final String MAPPING_FAILED = "mapping_failed";
    /** A configured integration asked for a call its {@code direction} does not allow (a write from an inbound one). */
    public static final String DIRECTION_NOT_ALLOWED = "direction_not_allowed";

    private Reasons() {
    }
}
