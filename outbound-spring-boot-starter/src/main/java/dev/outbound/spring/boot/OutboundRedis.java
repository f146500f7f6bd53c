package dev.outbound.spring.boot;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The application's Lettuce {@link RedisClient} as the Redis auto-configuration found it, and the one connection
 * the starter opens on it for the refresh lock, opened on first use and closed with the context (the client stays
 * the application's). Thread-safe.
 */
final class OutboundRedis implements AutoCloseable {
    private final RedisClient client;
    private StatefulRedisConnection<String, String> lockConnection;

    OutboundRedis(RedisClient client) {
        this.client = client;
    }

    RedisClient client() {
        return client;
    }

    synchronized StatefulRedisConnection<String, String> lockConnection() {
        if (lockConnection == null) {
            lockConnection = client.connect();
        }
        return lockConnection;
    }

    @Override
    public synchronized void close() {
        if (lockConnection != null) {
            lockConnection.close();
            lockConnection = null;
        }
    }

    @Override
    public String toString() {
        return "OutboundRedis[" + (lockConnection != null ? "lock connection open" : "no lock connection") + "]";
    }
}
