package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.credentials.InJvmRefreshLock;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.testkit.FakeClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * The refresh lock when its backend is hung, down or dies, and when another node holds it: the wait ends with the
 * call's deadline, the failure says which of these it was, and a lease that cannot be released after a stored refresh
 * is a warning, not the caller's failure.
 */
class RefreshLockFailureTest {
    static final AccountKey ACME = AccountKey.of("crm", "acme");
    static final long SLACK_MILLIS = CredentialDeadlineTest.SLACK_MILLIS;

    final FakeClock clock = new FakeClock();
    final InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
    }

    <T extends AutoCloseable> T later(T closeable) {
        closeLater.add(closeable);
        return closeable;
    }

    Credential.OAuth2Token token(String access, Duration validFor) {
        return new Credential.OAuth2Token(access, "rt-" + access, clock.instant().plus(validFor), "");
    }

    CredentialManager manager(RefreshLock lock) {
        return later(CredentialManager.builder(store).clock(clock).refreshLock(lock)
                .refresher((account, current) -> token("fresh", Duration.ofHours(1))).build());
    }

    /**
     * A Lettuce connection (with Lettuce's default 60 s command timeout) to a Redis that then hangs: a private
     * {@code redis-server}, stopped once connected, since Lettuce's handshake needs an answer to connect at all.
     */
    StatefulRedisConnection<String, String> hungRedis() throws Exception {
        PrivateRedis redis = later(PrivateRedis.start());
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redis.port)
                .withTimeout(Duration.ofSeconds(60)).build());
        closeLater.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        StatefulRedisConnection<String, String> connection = later(client.connect());
        redis.freeze();
        return connection;
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void aHungRedisEndsTheLockWaitWithinMaxWait() throws Exception {
        RedisRefreshLock lock = RedisRefreshLock.builder(hungRedis()).build();

        long start = System.nanoTime();
        RefreshLock.LockUnavailableException e = catchThrowableOfType(RefreshLock.LockUnavailableException.class,
                () -> lock.acquire(ACME, Duration.ofSeconds(30), Duration.ofMillis(500)));

        assertThat(millisSince(start)).isLessThan(500 + SLACK_MILLIS);
        assertThat(e).hasMessageContaining("Redis did not answer SET");
    }

    @Test
    void aCallWaitingForAHungRedisLockReturnsAtItsDeadlineSayingTheBackendIsUnreachable() throws Exception {
        store.put(ACME, token("old", Duration.ZERO));
        CredentialManager m = manager(RedisRefreshLock.builder(hungRedis()).build());

        long start = System.nanoTime();
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> m.resolve(ACME, clock.instant().plusSeconds(1)));

        assertThat(millisSince(start)).isLessThan(1000 + SLACK_MILLIS);
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("refresh lock backend unreachable", "Redis did not answer")
                .doesNotContain("not obtained within");
    }

    @Test
    void aRefusedPostgresLockIsReportedAsUnreachableNotAsALockHeldTooLong() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://127.0.0.1:" + SilentPeer.closedPort() + "/test");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        store.put(ACME, token("old", Duration.ZERO));
        CredentialManager m = manager(PostgresRefreshLock.builder(ds).build());

        long start = System.nanoTime();
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> m.resolve(ACME, clock.instant().plusSeconds(5)));

        assertThat(millisSince(start)).isLessThan(SLACK_MILLIS);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("refresh lock backend unreachable", "PostgreSQL", "SQL state 08001")
                .doesNotContain("not obtained within", "PT30S");
    }

    @Test
    void aLockHeldByAnotherNodePastTheDeadlineEndsTheCallAtItsDeadlineSayingSo() throws Exception {
        InJvmRefreshLock shared = new InJvmRefreshLock(Clock.systemUTC());
        RefreshLock.Lease otherNode = shared.acquire(ACME, Duration.ofMinutes(1), Duration.ZERO).orElseThrow();
        closeLater.add(otherNode);
        store.put(ACME, token("old", Duration.ZERO));
        CredentialManager m = manager(shared);

        long start = System.nanoTime();
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> m.resolve(ACME, clock.instant().plusMillis(800)));

        assertThat(millisSince(start)).isLessThan(800 + SLACK_MILLIS);
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(e.getMessage()).contains("refresh lock, held by another node, was not released");
    }

    @Test
    void aLockHeldByAnotherNodeLongerThanTheLockWaitIsReportedAsHeld() throws Exception {
        InJvmRefreshLock shared = new InJvmRefreshLock(Clock.systemUTC());
        closeLater.add(shared.acquire(ACME, Duration.ofMinutes(1), Duration.ZERO).orElseThrow());
        store.put(ACME, token("old", Duration.ZERO));
        CredentialManager m = later(CredentialManager.builder(store).clock(clock).refreshLock(shared)
                .lockWait(Duration.ofMillis(200)).refresher((a, c) -> token("fresh", Duration.ofHours(1))).build());

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> m.resolve(ACME, clock.instant().plusSeconds(5)));

        assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("held by another node for 200ms");
    }

    @Test
    void aLockThatCannotBeReleasedAfterAStoredRefreshIsAWarningNotTheCallersFailure() throws Exception {
        PrivateRedis redis = later(PrivateRedis.start());
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redis.port)
                .withTimeout(Duration.ofSeconds(60)).build());
        closeLater.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        StatefulRedisConnection<String, String> connection = later(client.connect());
        store.put(ACME, token("old", Duration.ZERO));
        ListAppender<ILoggingEvent> logs = capture(CredentialManager.class.getName());
        CredentialManager m = later(CredentialManager.builder(store).clock(clock)
                .refreshLock(RedisRefreshLock.builder(connection).commandTimeout(Duration.ofMillis(500)).build())
                .refresher((account, current) -> {
                    try {
                        redis.kill(); // Redis dies while the token endpoint answers
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                    return token("new-8d3a", Duration.ofHours(1));
                }).build());

        long start = System.nanoTime();
        Credential used = m.resolve(ACME, clock.instant().plusSeconds(10));

        assertThat(millisSince(start)).isLessThan(SLACK_MILLIS + 500);
        assertThat(((Credential.OAuth2Token) used).accessToken()).isEqualTo("new-8d3a");
        assertThat(((Credential.OAuth2Token) store.read(ACME).orElseThrow().credential()).accessToken())
                .isEqualTo("new-8d3a");
        assertThat(m.awaitIdle(ACME, Duration.ofSeconds(5))).isTrue();
        assertThat(logs.list).filteredOn(l -> l.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("refresh lock of acme/crm not released"))
                .allSatisfy(line -> assertThat(line).doesNotContain("new-8d3a", "rt-old"));
    }

    ListAppender<ILoggingEvent> capture(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        logger.addAppender(appender);
        closeLater.add(() -> logger.detachAppender(appender));
        return appender;
    }
}
