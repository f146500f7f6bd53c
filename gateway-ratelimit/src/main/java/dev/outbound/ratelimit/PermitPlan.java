package dev.outbound.ratelimit;

import dev.outbound.gateway.AccountKey;
import io.github.bucket4j.BucketConfiguration;
import java.util.List;
import java.util.Optional;

/**
 * Everything one account's call must take, with the backend keys to take it under: the pauses to respect, the
 * concurrency caps, then the token buckets, account first and app second. Immutable.
 *
 * @param account the account the plan is for
 * @param spec the account's own limits
 * @param app the app bucket the account shares, if any
 * @param buckets the token buckets to take one token from each
 * @param caps the concurrency caps to take one slot under each
 * @param pauseKeys the keys of provider pauses that stop the account
 */
record PermitPlan(AccountKey account, RateLimitSpec spec, Optional<RateLimits.App> app, List<BucketRef> buckets,
                  List<CapRef> caps, List<String> pauseKeys) {

    /** A token bucket: {@code scope} is the bounded metric tag ({@code account} or {@code app}). */
    record BucketRef(String scope, String key, BucketConfiguration configuration) {
    }

    /** A concurrency cap of {@code limit} slots. */
    record CapRef(String key, int limit) {
    }

    static String accountKey(AccountKey account) {
        return "acct:" + account.provider() + ":" + account.customerId();
    }

    static String appKey(RateLimits.App app) {
        return "app:" + app.provider() + ":" + app.appId();
    }
}
