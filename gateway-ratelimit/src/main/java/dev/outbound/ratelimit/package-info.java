/**
 * Rate limiting for outbound calls, on Bucket4j: {@link dev.outbound.ratelimit.BucketRateLimiter} implements the
 * gateway's {@code RateLimiter} SPI with per-account and app-level token buckets, concurrency caps, priorities and
 * provider feedback; {@link dev.outbound.ratelimit.RateLimits} declares which limits apply; the backends
 * {@link dev.outbound.ratelimit.LocalRateLimitBackend}, {@link dev.outbound.ratelimit.RedisRateLimitBackend} and
 * {@link dev.outbound.ratelimit.PostgresRateLimitBackend} hold the state on one node or many.
 */
package dev.outbound.ratelimit;
