/**
 * Extension point of the rate limiter: {@link dev.outbound.ratelimit.spi.RateLimitBackend}, the store of token
 * buckets, concurrency leases and pauses. Local, Redis and PostgreSQL implementations live in the package root.
 */
package dev.outbound.ratelimit.spi;
