package dev.outbound.testkit.services;

/**
 * What {@link LocalServices} asks of the machine; the real one is {@link SystemEnvironment}, tests pass their own.
 */
interface ServiceEnvironment {

    /** Whether a TCP connection to {@code host:port} opens within a short timeout. */
    boolean reachable(String host, int port);

    /** Whether this is a CI run ({@code CI=true}), where a missing service fails a test instead of skipping it. */
    boolean ci();

    /** Why containers cannot be started here, or {@code null} when they can. */
    String containersUnavailable();

    /** Starts a Redis container for this JVM. */
    RedisEndpoint startRedis();

    /** Starts a PostgreSQL container for this JVM. */
    PostgresEndpoint startPostgres();
}
