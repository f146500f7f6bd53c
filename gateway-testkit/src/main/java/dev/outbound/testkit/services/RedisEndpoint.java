package dev.outbound.testkit.services;

import java.util.Objects;

/**
 * Where a test's Redis is: the local one, or a container started for the test run. Immutable.
 *
 * @param host the host to connect to
 * @param port the port to connect to
 * @param source whether it is the machine's own service or a container
 */
public record RedisEndpoint(String host, int port, ServiceSource source) {
    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [1, 65535], was " + port);
        }
    }

    /** A Lettuce URI, e.g. {@code redis://127.0.0.1:6379}. */
    public String uri() {
        return "redis://" + host + ":" + port;
    }
}
