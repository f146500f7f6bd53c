package dev.outbound.vault;

import dev.outbound.gateway.spi.RefreshLock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The lock contract against the local Redis; two connections stand for two nodes. */
class RedisRefreshLockTest extends RefreshLockContract {
    RedisClient client;
    StatefulRedisConnection<String, String> a;
    StatefulRedisConnection<String, String> b;
    String prefix;
    RedisRefreshLock lockA;
    RedisRefreshLock lockB;

    @BeforeEach
    void connect() {
        client = Backends.redis();
        a = client.connect();
        b = client.connect();
        prefix = "outbound-test:" + Backends.suffix() + ":";
        lockA = RedisRefreshLock.builder(a).keyPrefix(prefix).pollInterval(Duration.ofMillis(5)).build();
        lockB = RedisRefreshLock.builder(b).keyPrefix(prefix).pollInterval(Duration.ofMillis(5)).build();
    }

    @AfterEach
    void cleanUp() {
        if (client != null) {
            var keys = a.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                a.sync().del(keys.toArray(new String[0]));
            }
            a.close();
            b.close();
            client.shutdown();
        }
    }

    @Override
    RefreshLock lock() {
        return lockA;
    }

    @Override
    RefreshLock otherNode() {
        return lockB;
    }

    @Override
    void letExpire(Duration ttl) {
        // Redis expires the key in real time; the next acquire waits for it (bounded by its maxWait).
    }
}
