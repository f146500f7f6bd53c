package dev.outbound.testkit.services;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis and PostgreSQL that tests of distributed backends run against, found the same way everywhere: the
 * machine's own service on 127.0.0.1 (Redis on 6379; PostgreSQL on 5432 with trust auth, database {@code test},
 * user {@code postgres}) when it answers; else, when Docker is available and Testcontainers is on the test class
 * path, a container started once per JVM; else the calling test is skipped with a message that says what is missing
 * — except under {@code CI=true}, where it fails, because CI must run every backend.
 *
 * <pre>{@code
 * @BeforeEach
 * void connect() {
 *     RedisEndpoint redis = LocalServices.requireRedis();
 *     client = RedisClient.create(redis.uri());
 * }
 * }</pre>
 *
 * <p>Each answer is worked out once per JVM and kept, so a suite probes ports and starts containers once; this is
 * the one piece of static state in the testkit, as containers are themselves per JVM. Thread-safe.
 */
public final class LocalServices {
    static final String HOST = "127.0.0.1";
    static final int REDIS_PORT = 6379;
    static final int POSTGRES_PORT = 5432;

    private final ServiceEnvironment environment;
    private Resolution<RedisEndpoint> redis;
    private Resolution<PostgresEndpoint> postgres;

    /** Found, or missing with a reason. */
    private record Resolution<T>(T endpoint, String missing) {
    }

    private static final class Shared {
        static final LocalServices INSTANCE = new LocalServices(new SystemEnvironment());
    }

    LocalServices(ServiceEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * The Redis to test against. Call it where a test (or its {@code @BeforeEach}) starts.
     *
     * @throws org.opentest4j.TestAbortedException when there is none and {@code CI} is not {@code true}
     * @throws org.opentest4j.AssertionFailedError when there is none and {@code CI=true}
     */
    public static RedisEndpoint requireRedis() {
        return Shared.INSTANCE.redis();
    }

    /**
     * The PostgreSQL to test against. Call it where a test (or its {@code @BeforeEach}) starts.
     *
     * @throws org.opentest4j.TestAbortedException when there is none and {@code CI} is not {@code true}
     * @throws org.opentest4j.AssertionFailedError when there is none and {@code CI=true}
     */
    public static PostgresEndpoint requirePostgres() {
        return Shared.INSTANCE.postgres();
    }

    synchronized RedisEndpoint redis() {
        if (redis == null) {
            redis = resolve("Redis", REDIS_PORT, () -> new RedisEndpoint(HOST, REDIS_PORT, ServiceSource.LOCAL),
                    environment::startRedis);
        }
        return require("Redis", redis);
    }

    synchronized PostgresEndpoint postgres() {
        if (postgres == null) {
            postgres = resolve("PostgreSQL", POSTGRES_PORT,
                    () -> new PostgresEndpoint(HOST, POSTGRES_PORT, "test", "postgres", "", ServiceSource.LOCAL),
                    environment::startPostgres);
        }
        return require("PostgreSQL", postgres);
    }

    private <T> Resolution<T> resolve(String service, int port, Supplier<T> local, Supplier<T> container) {
        if (environment.reachable(HOST, port)) {
            return new Resolution<>(local.get(), null);
        }
        String notHere = service + " is not reachable on " + HOST + ":" + port;
        String noContainers = environment.containersUnavailable();
        if (noContainers != null) {
            return new Resolution<>(null, notHere + " and no container can be started: " + noContainers);
        }
        try {
            return new Resolution<>(container.get(), null);
        } catch (RuntimeException e) {
            return new Resolution<>(null, notHere + " and its container did not start: " + e);
        }
    }

    private <T> T require(String service, Resolution<T> resolution) {
        if (resolution.endpoint() != null) {
            return resolution.endpoint();
        }
        if (environment.ci()) {
            return Assertions.fail(resolution.missing() + ". CI=true, so this test fails instead of being skipped: "
                    + "CI must provide " + service + ".");
        }
        Assumptions.abort(resolution.missing() + ". Skipping this test: start " + service + " (or Docker) to run "
                + "it; with CI=true it fails instead.");
        throw new AssertionError("unreachable: Assumptions.abort returned");
    }
}
