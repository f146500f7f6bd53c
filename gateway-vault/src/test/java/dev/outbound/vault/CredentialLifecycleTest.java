package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.credentials.AuthEvent;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.StoredCredential;
import dev.outbound.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The credential lifecycle's failure paths: revocation, store outages, failed writes, and what reaches the logs. */
class CredentialLifecycleTest {
    static final AccountKey ACME = AccountKey.of("crm", "acme");
    final FakeClock clock = new FakeClock();
    final FlakyStore store = new FlakyStore(new InMemoryCredentialStore(clock));
    final List<AuthEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger refreshes = new AtomicInteger();

    /** A store that can be switched off for reads or writes. */
    static final class FlakyStore implements CredentialStore {
        final InMemoryCredentialStore delegate;
        volatile boolean readsFail;
        volatile boolean writesFail;
        final AtomicInteger reads = new AtomicInteger();

        FlakyStore(InMemoryCredentialStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<StoredCredential> read(AccountKey account) {
            reads.incrementAndGet();
            if (readsFail) {
                throw new CredentialStoreException("store down");
            }
            return delegate.read(account);
        }

        @Override
        public StoredCredential write(AccountKey account, Credential credential, long expectedVersion) {
            if (writesFail) {
                throw new CredentialStoreException("store down");
            }
            return delegate.write(account, credential, expectedVersion);
        }

        @Override
        public boolean delete(AccountKey account) {
            return delegate.delete(account);
        }
    }

    CredentialManager manager(dev.outbound.gateway.spi.TokenRefresher refresher) {
        return CredentialManager.builder(store).refresher((a, c) -> {
            refreshes.incrementAndGet();
            return refresher.refresh(a, c);
        }).clock(clock).listener(events::add).jitter(Duration.ZERO).build();
    }

    Credential.OAuth2Token token(String access, Duration validFor) {
        return new Credential.OAuth2Token(access, "rt-" + access, clock.instant().plus(validFor), "");
    }

    @Test
    void aCacheHitDoesNotTouchTheStore() {
        store.delegate.put(ACME, Credential.ApiKey.header("K", "v"));
        try (CredentialManager m = manager((a, c) -> c)) {
            for (int i = 0; i < 100; i++) {
                m.resolve(ACME);
            }
            assertThat(store.reads).hasValue(1);
        }
    }

    @Test
    void aRevokedGrantFailsFastUntilANewCredentialIsStored() {
        store.delegate.put(ACME, token("old", Duration.ofSeconds(-1)));
        try (CredentialManager m = manager((a, c) -> {
            throw new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                    .reason(Reasons.TOKEN_REVOKED).message("invalid_grant").build());
        })) {
            IntegrationException first = catchThrowableOfType(IntegrationException.class, () -> m.resolve(ACME));
            IntegrationException second = catchThrowableOfType(IntegrationException.class, () -> m.resolve(ACME));

            assertThat(first.envelope().reason()).isEqualTo(Reasons.TOKEN_REVOKED);
            assertThat(second.envelope().reason()).isEqualTo(Reasons.TOKEN_REVOKED);
            assertThat(refreshes).hasValue(1);
            assertThat(m.needsReauthorization(ACME)).isTrue();
            assertThat(events).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.REVOKED);

            store.delegate.put(ACME, token("reauthorized", Duration.ofHours(1)));
            clock.advance(Duration.ofSeconds(31));
            assertThat(m.resolve(ACME)).isEqualTo(store.delegate.read(ACME).orElseThrow().credential());
            assertThat(refreshes).hasValue(1);
        }
    }

    static IntegrationException invalidGrant() {
        return new IntegrationException(ErrorEnvelope.builder(ErrorCategory.AUTH_FAILURE)
                .reason(Reasons.TOKEN_REVOKED).message("invalid_grant").build());
    }

    @Test
    void anInvalidGrantForARefreshTokenAnotherNodeRotatedUsesTheStoredOneInsteadOfRevoking() {
        store.delegate.put(ACME, token("old", Duration.ofSeconds(-1)));
        try (CredentialManager m = manager((a, c) -> {
            // Meanwhile another node refreshed with the same refresh token, got it rotated and stored the result.
            store.delegate.put(ACME, token("theirs", Duration.ofHours(1)));
            throw invalidGrant();
        })) {
            Credential used = m.resolve(ACME);

            assertThat(((Credential.OAuth2Token) used).accessToken()).isEqualTo("theirs");
            assertThat(m.needsReauthorization(ACME)).isFalse();
            assertThat(events).extracting(AuthEvent::type).doesNotContain(AuthEvent.Type.REVOKED);
        }
    }

    @Test
    void anInvalidGrantRefreshesOnceMoreWithANewerStoredRefreshTokenThatIsExpiredToo() {
        store.delegate.put(ACME, token("old", Duration.ofSeconds(-1)));
        try (CredentialManager m = manager((a, c) -> {
            Credential.OAuth2Token presented = (Credential.OAuth2Token) c;
            if (presented.refreshToken().equals("rt-old")) {
                store.delegate.put(ACME, token("theirs", Duration.ofSeconds(-1)));
                throw invalidGrant();
            }
            return token("after-" + presented.refreshToken(), Duration.ofHours(1));
        })) {
            Credential used = m.resolve(ACME);

            assertThat(((Credential.OAuth2Token) used).accessToken()).isEqualTo("after-rt-theirs");
            assertThat(refreshes).hasValue(2);
            assertThat(m.needsReauthorization(ACME)).isFalse();
        }
    }

    @Test
    void anInvalidGrantWithNothingNewerInTheStoreStillRevokes() {
        store.delegate.put(ACME, token("old", Duration.ofSeconds(-1)));
        try (CredentialManager m = manager((a, c) -> {
            throw invalidGrant();
        })) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> m.resolve(ACME));

            assertThat(e.envelope().reason()).isEqualTo(Reasons.TOKEN_REVOKED);
            assertThat(store.reads).hasValue(3); // first read, the read under the lock, the re-read after invalid_grant
            assertThat(m.needsReauthorization(ACME)).isTrue();
        }
    }

    @Test
    void anyExceptionOfTheStoreBecomesAnIntegrationExceptionButJvmErrorsPassThrough() {
        AccountKey globex = AccountKey.of("crm", "globex");
        CredentialStore broken = new CredentialStore() {
            @Override
            public Optional<StoredCredential> read(AccountKey account) {
                if (account.equals(globex)) {
                    throw new StackOverflowError();
                }
                throw new IllegalStateException("driver said no to jdbc:postgresql://db/creds?password=hunter2");
            }

            @Override
            public StoredCredential write(AccountKey account, Credential credential, long expectedVersion) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean delete(AccountKey account) {
                return false;
            }
        };
        try (CredentialManager m = CredentialManager.builder(broken).clock(clock).build()) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> m.resolve(ACME));

            assertThat(e.envelope().category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
            assertThat(e.getMessage()).contains("IllegalStateException").doesNotContain("hunter2");
            assertThat(catchThrowable(() -> m.resolve(globex))).isExactlyInstanceOf(StackOverflowError.class);
        }
    }

    @Test
    void aLockBackendThatThrowsIsReportedAsUnreachable() {
        store.delegate.put(ACME, token("old", Duration.ofSeconds(-1)));
        try (CredentialManager m = CredentialManager.builder(store).clock(clock).refreshLock((account, ttl, wait) -> {
            throw new IllegalStateException("connection refused: redis://:s3cret@cache:6379");
        }).build()) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> m.resolve(ACME));

            assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
            assertThat(e.getMessage()).contains("refresh lock backend unreachable (IllegalStateException)")
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void aStoreOutageKeepsAValidCachedCredentialAndFailsFastWithoutOne() throws Exception {
        store.delegate.put(ACME, Credential.ApiKey.header("K", "v"));
        AccountKey cold = AccountKey.of("crm", "globex");
        try (CredentialManager m = CredentialManager.builder(store).clock(clock).listener(events::add)
                .cacheTtl(Duration.ofMinutes(1)).build()) {
            Credential cached = m.resolve(ACME);
            store.readsFail = true;
            clock.advance(Duration.ofMinutes(2)); // the cache entry is stale: the store is asked and is down

            assertThat(m.resolve(ACME)).isEqualTo(cached); // the re-read runs in the background
            assertThat(m.awaitIdle(ACME, Duration.ofSeconds(10))).isTrue();
            IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> m.resolve(cold));
            assertThat(e.envelope().category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
            assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
            int readsSoFar = store.reads.get();
            catchThrowableOfType(IntegrationException.class, () -> m.resolve(cold));
            assertThat(store.reads).hasValue(readsSoFar); // failed fast, the store was not asked again
            assertThat(events).extracting(AuthEvent::type).contains(AuthEvent.Type.STORE_UNAVAILABLE);
        }
    }

    @Test
    void aRefreshThatCannotBeStoredIsACriticalEventAndIsStoredLater() throws Exception {
        store.delegate.put(ACME, token("old", Duration.ofSeconds(-1)));
        try (CredentialManager m = CredentialManager.builder(store).clock(clock).listener(events::add)
                .refresher((a, c) -> token("new", Duration.ofHours(1))).writeRetries(3, Duration.ofMillis(100))
                .build()) {
            store.writesFail = true;
            Credential used = m.resolve(ACME);

            assertThat(((Credential.OAuth2Token) used).accessToken()).isEqualTo("new");
            assertThat(events).filteredOn(ev -> ev.type() == AuthEvent.Type.WRITE_FAILED).singleElement()
                    .satisfies(ev -> {
                        assertThat(ev.type().critical()).isTrue();
                        assertThat(ev.account()).isEqualTo(ACME);
                        assertThat(ev.detail()).doesNotContain("new").doesNotContain("rt-new");
                    });
            assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));

            store.writesFail = false;
            clock.advance(Duration.ofSeconds(31));
            m.resolve(ACME);
            assertThat(m.awaitIdle(ACME, Duration.ofSeconds(10))).isTrue(); // the re-read that writes it
            assertThat(((Credential.OAuth2Token) store.delegate.read(ACME).orElseThrow().credential()).accessToken())
                    .isEqualTo("new");
        }
    }

    @Test
    void aBurstOfRejectionsOfTheSameTokenCausesOneRefresh() {
        store.delegate.put(ACME, token("a", Duration.ofHours(1)));
        AtomicInteger n = new AtomicInteger();
        try (CredentialManager m = manager((a, c) -> token("fresh" + n.incrementAndGet(), Duration.ofHours(1)))) {
            Credential rejected = m.resolve(ACME);
            m.invalidate(ACME, rejected);
            Credential fresh = m.resolve(ACME);
            m.invalidate(ACME, rejected); // a late 401 for the old token
            assertThat(m.resolve(ACME)).isEqualTo(fresh);
            assertThat(refreshes).hasValue(1);
        }
    }

    @Test
    void noTokenOrSecretAppearsInAnyLogLineDuringARealRefresh() throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try (OAuthFixture f = new OAuthFixture()) {
            Credential.OAuth2Token initial = f.authorize(Duration.ofSeconds(-1));
            try (CredentialManager m = CredentialManager.builder(f.store()).refresher(f.refresher()).clock(f.clock)
                    .build()) {
                m.resolve(OAuthFixture.ACCOUNT);
                m.invalidate(OAuthFixture.ACCOUNT, null);
                m.resolve(OAuthFixture.ACCOUNT);
            }
            assertThat(f.refreshRequests).hasValue(2);
            List<String> secrets = new java.util.ArrayList<>(f.issuedSecrets);
            secrets.add(initial.refreshToken());
            secrets.add(OAuthFixture.CLIENT_SECRET);
            secrets.add("vault-root-token-5d2c");
            List<String> lines = appender.list.stream()
                    .filter(e -> !e.getLoggerName().startsWith("no.nav.security")) // the test OAuth server's own
                    .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                            : " " + e.getThrowableProxy().getMessage()))
                    .toList();
            assertThat(lines).anyMatch(l -> l.contains("auth_event type=refreshed"));
            assertThat(lines).anyMatch(l -> l.contains("auth_event type=rotated"));
            for (String secret : secrets) {
                assertThat(lines).noneMatch(l -> l.contains(secret));
            }
        } finally {
            root.detachAppender(appender);
        }
    }
}
