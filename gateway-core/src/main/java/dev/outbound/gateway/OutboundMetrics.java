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
    /** Counter: provider-requested pauses (Retry-After) longer than the provider's policy allows, capped; tagged provider. */
    public static final String RETRY_AFTER_CAPPED = "outbound.retry.after.capped";
    /** Gauge: response bytes held by calls in flight, against {@code HttpSettings.maxBufferedBytesTotal}; no tags. */
    public static final String HTTP_BUFFERED_BYTES = "outbound.http.buffered.bytes";
    /** Gauge family (Resilience4j): circuit-breaker state per provider and customer. */
    public static final String CIRCUIT_PREFIX = "outbound.circuit";

    /** Counter: sync runs finished, tagged provider, customer, sync, outcome ({@code succeeded|partial|failed}). */
    public static final String SYNC_RUNS = "outbound.sync.runs";
    /**
     * Counter: records of sync runs, tagged provider, customer, sync, result
     * ({@code processed|failed|skipped|not_attempted}; {@code processed} counts the records that succeeded).
     */
    public static final String SYNC_RECORDS = "outbound.sync.records";
    /** Timer: how long a sync run took, tagged provider, customer, sync, outcome. */
    public static final String SYNC_DURATION = "outbound.sync.duration";
    /** Timer: data latency, from the change at the source to the record written, tagged provider, customer, sync. */
    public static final String SYNC_DATA_LATENCY = "outbound.sync.data.latency";
    /** Gauge: epoch seconds of the last sync that completed (succeeded or partial), tagged provider, customer, sync. */
    public static final String SYNC_LAST_SUCCESS = "outbound.sync.last.success";
    /** Observation name of a sync run (a span when tracing is set up), low-cardinality keys as {@link #SYNC_RUNS}. */
    public static final String SYNC_OBSERVATION = "outbound.sync";
    /** Gauge: health of an integration, 0 green, 1 yellow, 2 red, tagged provider, customer. */
    public static final String HEALTH_STATUS = "outbound.health.status";
    /** Gauge: success rate of an integration's calls over 24 h (0..1), tagged provider, customer. */
    public static final String HEALTH_SUCCESS_RATE = "outbound.health.success.rate";
    /** Counter: alert events sent, tagged provider, customer, rule, event ({@code firing|recovered}). */
    public static final String ALERTS = "outbound.alerts";

    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_CUSTOMER = "customer";
    public static final String TAG_OPERATION = "operation";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_CATEGORY = "category";
    /** The sync's name, e.g. {@code sync-accounts}: chosen by the application, so bounded like operations. */
    public static final String TAG_SYNC = "sync";
    public static final String TAG_RESULT = "result";
    public static final String TAG_RULE = "rule";
    public static final String TAG_EVENT = "event";

    public static final String RESULT_PROCESSED = "processed";
    public static final String RESULT_FAILED = "failed";
    public static final String RESULT_SKIPPED = "skipped";
    /** Records a run knew of and never tried, because it stopped early. */
    public static final String RESULT_NOT_ATTEMPTED = "not_attempted";

    public static final String OUTCOME_SUCCESS = "success";
    public static final String OUTCOME_ERROR = "error";
    /** Category tag value of a successful call. */
    public static final String CATEGORY_NONE = "none";

    private OutboundMetrics() {
    }
}
