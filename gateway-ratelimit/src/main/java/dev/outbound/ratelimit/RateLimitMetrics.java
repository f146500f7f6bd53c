package dev.outbound.ratelimit;

/**
 * Names and tags of every meter the rate limiter registers, in one place. Tags are bounded: provider, customer
 * (rejections only), priority, reason, scope, backend and action; never a key with a fingerprint or a lease id.
 */
public final class RateLimitMetrics {
    /** Timer: time from asking to getting a permit (zero when there was no wait); tags provider, priority. */
    public static final String WAIT = "outbound.ratelimit.wait";
    /** Counter: calls refused a permit; tags provider, customer, reason. */
    public static final String REJECTIONS = "outbound.ratelimit.rejections";
    /** Gauge: callers waiting for a permit in this limiter; tag priority. */
    public static final String QUEUE_DEPTH = "outbound.ratelimit.queue.depth";
    /** Distribution summary: tokens left in a bucket after a permit was taken; tags provider, scope. */
    public static final String TOKENS_REMAINING = "outbound.ratelimit.tokens.remaining";
    /** Counter: provider "too many requests" answers fed back; tags provider, reason. */
    public static final String FEEDBACK = "outbound.ratelimit.feedback";
    /** Counter: backend failures; tags backend, action ({@code fail_closed}, {@code local_fallback}, ...). */
    public static final String BACKEND_FAILURES = "outbound.ratelimit.backend.failures";

    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_CUSTOMER = "customer";
    public static final String TAG_PRIORITY = "priority";
    public static final String TAG_REASON = "reason";
    public static final String TAG_SCOPE = "scope";
    public static final String TAG_BACKEND = "backend";
    public static final String TAG_ACTION = "action";

    public static final String SCOPE_ACCOUNT = "account";
    public static final String SCOPE_APP = "app";

    public static final String ACTION_FAIL_CLOSED = "fail_closed";
    public static final String ACTION_LOCAL_FALLBACK = "local_fallback";
    public static final String ACTION_RELEASE = "release";
    public static final String ACTION_FEEDBACK = "feedback";

    private RateLimitMetrics() {
    }
}
