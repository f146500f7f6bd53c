/**
 * Simulators of provider rate limits, for tests and benchmarks of client-side limiters:
 * {@link dev.outbound.testkit.limits.RateLimitSimulator} enforces a per-account limit over a rolling window and
 * counts what it served and what it refused with 429.
 */
package dev.outbound.testkit.limits;
