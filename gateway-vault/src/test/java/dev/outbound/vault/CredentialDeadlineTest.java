package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.StoredCredential;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.SimulatedProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every wait a call makes for its credential ends with the call's deadline: a credential store or token endpoint
 * that accepts connections and never answers (a raw socket) costs a call its deadline plus a little, never the
 * client's own timeouts, and the failure names the wait that ran out. Work that nobody waits for runs on in the
 * background.
 */
class CredentialDeadlineTest {
    static final AccountKey ACME = AccountKey.of("crm", "acme");
    /** Scheduling slack on a shared two-core machine; the bugs this guards against cost 10 s and more. */
    static final long SLACK_MILLIS = 1500;

    final FakeClock clock = new FakeClock();
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

    VaultCredentialStore vaultAt(String address) {
        VaultConnection c = later(VaultConnection.builder(URI.create(address)).token("vault-token-test")
                .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)).build());
        return VaultCredentialStore.builder(c.operations()).build();
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    Credential.OAuth2Token token(String access, Duration validFor) {
        return new Credential.OAuth2Token(access, "rt-" + access, clock.instant().plus(validFor), "");
    }

    @Test
    void aHungVaultFailsAnUncachedCallAtItsDeadlineNamingTheStore() throws Exception {
        SilentPeer vault = later(new SilentPeer());
        CredentialManager m = later(CredentialManager.builder(vaultAt(vault.url(""))).clock(clock).build());

        long start = System.nanoTime();
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> m.resolve(ACME, clock.instant().plusMillis(700)));

        assertThat(millisSince(start)).isLessThan(700 + SLACK_MILLIS);
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(e.getMessage()).contains("credential store did not answer within the 700ms left before the "
                + "call's deadline");
    }

    @Test
    void aStaleEntryIsServedAtOnceWhileAHungVaultIsReadAgainInTheBackground() throws Exception {
        SilentPeer vault = later(new SilentPeer());
        InMemoryCredentialStore memory = new InMemoryCredentialStore(clock);
        memory.put(ACME, Credential.ApiKey.header("X-Api-Key", "key-5f1c"));
        SwitchableStore store = new SwitchableStore(memory);
        CredentialManager m = later(CredentialManager.builder(store).clock(clock).cacheTtl(Duration.ofMinutes(1))
                .build());
        Credential cached = m.resolve(ACME);
        store.to(vaultAt(vault.url("")));
        clock.advance(Duration.ofMinutes(2)); // stale: due for a re-read, which will hang

        long start = System.nanoTime();
        Credential served = m.resolve(ACME, clock.instant().plusSeconds(5));

        assertThat(millisSince(start)).isLessThan(SLACK_MILLIS);
        assertThat(served).isEqualTo(cached);
        assertThat(m.awaitIdle(ACME, Duration.ZERO)).as("the re-read is still waiting for Vault").isFalse();
    }

    @Test
    void aVaultThatIsDownFailsTheCallAtOnceAsCredentialUnavailable() throws Exception {
        CredentialManager m = later(CredentialManager.builder(vaultAt("http://127.0.0.1:" + SilentPeer.closedPort()))
                .clock(clock).build());

        long start = System.nanoTime();
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> m.resolve(ACME, clock.instant().plusSeconds(5)));

        assertThat(millisSince(start)).isLessThan(SLACK_MILLIS);
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.AUTH_FAILURE);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.CREDENTIAL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("credential store unavailable").doesNotContain("vault-token-test");
    }

    @Test
    void aHungTokenEndpointFailsTheCallAtItsDeadlineNamingTheEndpoint() throws Exception {
        SilentPeer endpoint = later(new SilentPeer());
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock).put(ACME, token("old", Duration.ZERO));
        OAuthTokenRefresher refresher = OAuthTokenRefresher.builder().clock(clock)
                .client("crm", new OAuthClient(endpoint.url("/token"), "client", "client-secret-4e1d", false)).build();
        CredentialManager m = later(CredentialManager.builder(store).refresher(refresher).clock(clock).build());

        long start = System.nanoTime();
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> m.resolve(ACME, clock.instant().plusMillis(700)));

        assertThat(millisSince(start)).isLessThan(700 + SLACK_MILLIS);
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.getMessage()).contains("token endpoint did not answer within the 700ms left")
                .doesNotContain("client-secret-4e1d", "rt-old");
    }

    @Test
    void aCallWithATwoSecondDeadlineDoesNotWaitForATokenEndpointThatNeverAnswers() throws Exception {
        SilentPeer endpoint = later(new SilentPeer());
        SimulatedProvider api = later(SimulatedProvider.start());
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock).put(ACME, token("old", Duration.ZERO));
        IntegrationGateway gateway = later(IntegrationGateway.builder()
                .provider(GenericRestAdapter.builder("crm").baseUrl(api.baseUrl() + "/api").build())
                .credentialStore(store).clock(clock)
                .tokenRefresher(OAuthTokenRefresher.builder().clock(clock)
                        .client("crm", new OAuthClient(endpoint.url("/token"), "client", "secret-7", false)).build())
                .build());

        long start = System.nanoTime();
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> gateway.client("crm", "acme").get("items").deadline(Duration.ofSeconds(2)).execute());

        assertThat(millisSince(start)).isLessThan(2000 + SLACK_MILLIS);
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.getMessage()).contains("token endpoint did not answer");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void theRefresherItselfGivesUpOnAHungTokenEndpointWithinItsTimeout() throws Exception {
        SilentPeer endpoint = later(new SilentPeer());
        OAuthTokenRefresher refresher = OAuthTokenRefresher.builder().clock(clock)
                .client("crm", new OAuthClient(endpoint.url("/token"), "client", "secret-7", false)).build();

        long start = System.nanoTime();
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> refresher.refresh(ACME, token("old", Duration.ZERO), Duration.ofMillis(500)));

        assertThat(millisSince(start)).isLessThan(500 + SLACK_MILLIS);
        assertThat(e.envelope().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.envelope().reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(e.getMessage()).contains("token endpoint of acme/crm did not answer within");
    }

    @Test
    void theCallerThatTriggersAProactiveRefreshGoesOnWithTheStillValidToken() throws Exception {
        InMemoryCredentialStore store = new InMemoryCredentialStore(clock);
        store.put(ACME, token("old", Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(57)); // three minutes left: inside the five-minute window
        CountDownLatch refreshing = new CountDownLatch(1);
        CountDownLatch endpointAnswers = new CountDownLatch(1);
        CredentialManager m = later(CredentialManager.builder(store).clock(clock).jitter(Duration.ZERO)
                .refresher((account, current) -> {
                    refreshing.countDown();
                    try {
                        endpointAnswers.await(5, TimeUnit.SECONDS); // a slow token endpoint
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return token("fresh", Duration.ofHours(1));
                }).build());

        long start = System.nanoTime();
        Credential used = m.resolve(ACME, clock.instant().plusSeconds(30));

        assertThat(millisSince(start)).isLessThan(SLACK_MILLIS);
        assertThat(((Credential.OAuth2Token) used).accessToken()).isEqualTo("old");
        assertThat(refreshing.await(5, TimeUnit.SECONDS)).as("the refresh started in the background").isTrue();
        endpointAnswers.countDown();
        assertThat(m.awaitIdle(ACME, Duration.ofSeconds(5))).isTrue();
        assertThat(((Credential.OAuth2Token) m.resolve(ACME)).accessToken()).isEqualTo("fresh");
    }

    /** A store whose backend the test can swap, to make a store hang after the cache was filled. */
    static final class SwitchableStore implements CredentialStore {
        private volatile CredentialStore delegate;

        SwitchableStore(CredentialStore delegate) {
            this.delegate = delegate;
        }

        void to(CredentialStore next) {
            this.delegate = next;
        }

        @Override
        public Optional<StoredCredential> read(AccountKey account) {
            return delegate.read(account);
        }

        @Override
        public StoredCredential write(AccountKey account, Credential credential, long expectedVersion) {
            return delegate.write(account, credential, expectedVersion);
        }

        @Override
        public boolean delete(AccountKey account) {
            return delegate.delete(account);
        }
    }
}
