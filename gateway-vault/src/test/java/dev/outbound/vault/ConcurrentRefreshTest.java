package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.spi.RefreshLock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many callers on one account whose token is inside the refresh window, against a real OAuth server that rotates
 * refresh tokens (so a second refresh with the old token would be invalid_grant): exactly one refresh, on one node
 * and across three nodes sharing Redis or PostgreSQL.
 */
class ConcurrentRefreshTest {
    static final int CALLERS = 200;
    final OAuthFixture f = new OAuthFixture();
    final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        for (AutoCloseable c : closeLater) {
            c.close();
        }
        f.close();
    }

    @Test
    void twoHundredCallersThroughTheGatewayCauseExactlyOneRefresh() throws Exception {
        Credential.OAuth2Token initial = f.authorize(Duration.ofHours(1));
        f.clock.advance(Duration.ofMinutes(56)); // four minutes left: inside the five-minute window
        Set<String> seenTokens = ConcurrentHashMap.newKeySet();
        MockWebServer api = new MockWebServer();
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String auth = request.getHeaders().get("Authorization");
                if (auth == null || !auth.startsWith("Bearer ey")) {
                    return new MockResponse.Builder().code(401).body("{\"error\":\"invalid_token\"}").build();
                }
                seenTokens.add(auth.substring(7));
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body("{\"ok\":true}").build();
            }
        });
        api.start();
        closeLater.add(api);
        IntegrationGateway gateway = IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl(api.url("/api").toString()).build())
                .credentialStore(f.store()).tokenRefresher(f.refresher()).clock(f.clock)
                .refreshWindow(Duration.ofMinutes(5)).build();
        closeLater.add(gateway);

        List<Integer> statuses = runConcurrently(i -> gateway.client("crm", "acme").get("me").execute().status());
        // The token was still valid: every caller used it and the refresh ran in the background.
        assertThat(gateway.credentials().awaitIdle(OAuthFixture.ACCOUNT, Duration.ofSeconds(30))).isTrue();

        assertThat(statuses).hasSize(CALLERS).containsOnly(200);
        assertThat(f.refreshRequests).hasValue(1);
        assertThat(f.invalidGrants).hasValue(0);
        assertThat(f.oauthRequestsDrained()).isEqualTo(1);
        Credential.OAuth2Token stored = (Credential.OAuth2Token) f.store().read(OAuthFixture.ACCOUNT).orElseThrow()
                .credential();
        assertThat(stored.refreshToken()).isNotEqualTo(initial.refreshToken());
        assertThat(gateway.client("crm", "acme").get("me").execute().status()).isEqualTo(200);
        assertThat(seenTokens).contains(stored.accessToken());
        assertThat(f.refreshRequests).hasValue(1);
    }

    @Test
    void threeNodesSharingRedisCauseExactlyOneRefresh() throws Exception {
        RedisClient redis = Backends.redis();
        closeLater.add(redis::shutdown);
        String prefix = "outbound-test:" + Backends.suffix() + ":";
        List<RefreshLock> locks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StatefulRedisConnection<String, String> c = redis.connect();
            closeLater.add(0, c);
            locks.add(RedisRefreshLock.builder(c).keyPrefix(prefix).pollInterval(Duration.ofMillis(5)).build());
        }
        closeLater.add(0, () -> {
            try (StatefulRedisConnection<String, String> c = redis.connect()) {
                var keys = c.sync().keys(prefix + "*");
                if (!keys.isEmpty()) {
                    c.sync().del(keys.toArray(new String[0]));
                }
            }
        });
        threeNodesCauseExactlyOneRefresh(locks);
    }

    @Test
    void threeNodesSharingPostgresCauseExactlyOneRefresh() throws Exception {
        DataSource ds = Backends.postgres();
        String table = "outbound_lock_test_" + Backends.suffix();
        closeLater.add(() -> Backends.dropTable(ds, table));
        List<RefreshLock> locks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PostgresRefreshLock lock = PostgresRefreshLock.builder(ds).table(table)
                    .pollInterval(Duration.ofMillis(5)).build();
            lock.createTableIfAbsent();
            locks.add(lock);
        }
        threeNodesCauseExactlyOneRefresh(locks);
    }

    private void threeNodesCauseExactlyOneRefresh(List<RefreshLock> locks) throws Exception {
        f.authorize(Duration.ofHours(1));
        f.clock.advance(Duration.ofMinutes(56));
        List<CredentialManager> nodes = new ArrayList<>();
        for (RefreshLock lock : locks) {
            CredentialManager m = CredentialManager.builder(f.store()).refresher(f.refresher()).refreshLock(lock)
                    .clock(f.clock).build();
            closeLater.add(m);
            nodes.add(m);
        }

        List<Credential> used = runConcurrently(i -> nodes.get(i % 3).resolve(OAuthFixture.ACCOUNT));
        for (CredentialManager node : nodes) {
            assertThat(node.awaitIdle(OAuthFixture.ACCOUNT, Duration.ofSeconds(30))).isTrue();
        }

        assertThat(used).hasSize(CALLERS).doesNotContainNull();
        assertThat(f.refreshRequests).hasValue(1);
        assertThat(f.invalidGrants).hasValue(0);
        assertThat(f.oauthRequestsDrained()).isEqualTo(1);
        // Once the refresh is stored, every node uses the new token without asking the endpoint again.
        Credential stored = f.store().read(OAuthFixture.ACCOUNT).orElseThrow().credential();
        for (CredentialManager node : nodes) {
            node.evict(OAuthFixture.ACCOUNT);
            assertThat(node.resolve(OAuthFixture.ACCOUNT)).isEqualTo(stored);
        }
        assertThat(f.refreshRequests).hasValue(1);
    }

    @Test
    void aTokenEndpointSlowerThanTheLeaseKeepsTheLeaseAndRefreshesOnce() throws Exception {
        f.authorize(Duration.ofSeconds(-1)); // expired: every node must wait for the refresh
        CountingLock shared = new CountingLock(new dev.outbound.gateway.credentials.InJvmRefreshLock(
                java.time.Clock.systemUTC()));
        CountDownLatch refreshing = new CountDownLatch(1);
        OAuthTokenRefresher real = f.refresher();
        Duration lease = Duration.ofMillis(150);
        Function<CredentialManager.Builder, CredentialManager> node = b -> b.refreshLock(shared).clock(f.clock)
                .lockTtl(lease).lockWait(Duration.ofSeconds(20)).build();
        CredentialManager slowNode = node.apply(CredentialManager.builder(f.store()).refresher((account, current) -> {
            refreshing.countDown();
            // Slower than the lease: hold on until the lease had to be extended three times.
            shared.awaitExtensions(3);
            return real.refresh(account, current);
        }));
        CredentialManager otherNode = node.apply(CredentialManager.builder(f.store()).refresher(real));
        closeLater.add(slowNode);
        closeLater.add(otherNode);

        Future<Credential> first = pool.submit(() -> slowNode.resolve(OAuthFixture.ACCOUNT));
        assertThat(refreshing.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Credential> second = pool.submit(() -> otherNode.resolve(OAuthFixture.ACCOUNT));

        assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo(first.get(20, TimeUnit.SECONDS));
        assertThat(shared.maxHolders).hasValue(1);
        assertThat(f.refreshRequests).hasValue(1);
        assertThat(f.invalidGrants).hasValue(0);
    }

    @Test
    void aNodeThatDiesHoldingTheLockDelaysTheRefreshOnlyUntilItsLeaseExpires() throws Exception {
        RedisClient redis = Backends.redis();
        closeLater.add(redis::shutdown);
        StatefulRedisConnection<String, String> dead = redis.connect();
        StatefulRedisConnection<String, String> alive = redis.connect();
        closeLater.add(0, dead);
        closeLater.add(0, alive);
        String prefix = "outbound-test:" + Backends.suffix() + ":";
        RedisRefreshLock deadLock = RedisRefreshLock.builder(dead).keyPrefix(prefix).build();
        closeLater.add(0, () -> alive.sync().del(deadLock.key(OAuthFixture.ACCOUNT)));
        f.authorize(Duration.ofSeconds(-1));
        // The dying node took the lock and never released it.
        assertThat(deadLock.acquire(OAuthFixture.ACCOUNT, Duration.ofMillis(300), Duration.ZERO)).isPresent();
        CredentialManager survivor = CredentialManager.builder(f.store()).refresher(f.refresher()).clock(f.clock)
                .refreshLock(RedisRefreshLock.builder(alive).keyPrefix(prefix).pollInterval(Duration.ofMillis(5))
                        .build()).lockWait(Duration.ofSeconds(10)).build();
        closeLater.add(survivor);

        Credential fresh = survivor.resolve(OAuthFixture.ACCOUNT);

        assertThat(fresh.expiresAt()).hasValueSatisfying(e -> assertThat(e).isAfter(f.clock.instant()));
        assertThat(f.refreshRequests).hasValue(1);
    }

    private <T> List<T> runConcurrently(Function<Integer, T> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(CALLERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int n = i;
            Callable<T> task = () -> {
                ready.countDown();
                go.await();
                return call.apply(n);
            };
            futures.add(pool.submit(task));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> fu : futures) {
            results.add(fu.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    /** A lock decorator that counts concurrent holders and extensions. */
    static final class CountingLock implements RefreshLock {
        final RefreshLock delegate;
        final AtomicInteger holders = new AtomicInteger();
        final AtomicInteger maxHolders = new AtomicInteger();
        final AtomicInteger extensions = new AtomicInteger();
        private final Object monitor = new Object();

        CountingLock(RefreshLock delegate) {
            this.delegate = delegate;
        }

        void awaitExtensions(int n) {
            synchronized (monitor) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (extensions.get() < n && System.nanoTime() < end) {
                    try {
                        monitor.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            assertThat(extensions.get()).isGreaterThanOrEqualTo(n);
        }

        @Override
        public java.util.Optional<Lease> acquire(AccountKey account, Duration ttl, Duration maxWait)
                throws InterruptedException {
            return delegate.acquire(account, ttl, maxWait).map(lease -> {
                maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                return new Lease() {
                    @Override
                    public String ownerToken() {
                        return lease.ownerToken();
                    }

                    @Override
                    public boolean extend(Duration t) {
                        boolean ok = lease.extend(t);
                        synchronized (monitor) {
                            extensions.incrementAndGet();
                            monitor.notifyAll();
                        }
                        return ok;
                    }

                    @Override
                    public void close() {
                        holders.decrementAndGet();
                        lease.close();
                    }
                };
            });
        }
    }
}
