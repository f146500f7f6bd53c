/**
 * JMH benchmarks, run with {@code java -jar benchmarks/target/benchmarks.jar} after {@code mvn package}, and the
 * rate-limiting bar {@link dev.outbound.benchmarks.RateLimitBar}, a main class run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.outbound.benchmarks.RateLimitBar}.
 */
package dev.outbound.benchmarks;
