package dev.outbound.gateway;

/**
 * Names and tag keys of every meter the gateway registers, in one place. Tags stay bounded: provider, customer,
 * operation, outcome and category; never a record id, a URL or a path with ids in it.
 */
public final class OutboundMetrics {
    /** Timer: one sample per call, tagged provider, customer, operation, outcome, category. */
    public static final String CALLS = "outbound.calls";
    /** Counter: calls that ended in an error, tagged provider, customer, category. */
    public static final String ERRORS = "outbound.errors";
    /** Counter: retries taken, tagged provider, customer, category of the error that caused them. */
    public static final String RETRIES = "outbound.retries";
    /** Counter: attempts sent to a provider, tagged provider, customer, outcome. */
    public static final String ATTEMPTS = "outbound.attempts";
    /** Gauge family (Resilience4j): circuit-breaker state per provider and customer. */
    public static final String CIRCUIT_PREFIX = "outbound.circuit";

    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_CUSTOMER = "customer";
    public static final String TAG_OPERATION = "operation";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_CATEGORY = "category";

    public static final String OUTCOME_SUCCESS = "success";
    public static final String OUTCOME_ERROR = "error";
    /** Category tag value of a successful call. */
    public static final String CATEGORY_NONE = "none";

    private OutboundMetrics() {
    }
}
