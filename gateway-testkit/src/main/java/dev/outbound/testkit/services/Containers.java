package dev.outbound.testkit.services;

import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers calls, kept in one class that is loaded only once Testcontainers is known to be on the class
 * path. A started container lives until the JVM ends (Testcontainers' reaper removes it, and a shutdown hook stops
 * it where the reaper is disabled).
 */
final class Containers {
    static final String REDIS_IMAGE = "redis:7.4-alpine";
    static final String POSTGRES_IMAGE = "postgres:16-alpine";

    private Containers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static RedisEndpoint startRedis() {
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
                .withExposedPorts(6379)
                .withStartupTimeout(Duration.ofMinutes(2));
        start(redis);
        return new RedisEndpoint(redis.getHost(), redis.getMappedPort(6379), ServiceSource.CONTAINER);
    }

    static PostgresEndpoint startPostgres() {
        GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withEnv("POSTGRES_DB", "test")
                .withExposedPorts(5432)
                // The image's entrypoint starts the server twice (init, then for real): wait for the second.
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        start(postgres);
        return new PostgresEndpoint(postgres.getHost(), postgres.getMappedPort(5432), "test", "postgres", "",
                ServiceSource.CONTAINER);
    }

    private static void start(GenericContainer<?> container) {
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-" + container.getDockerImageName()));
    }
}
