package dev.outbound.benchmarks;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.credentials.CredentialManager;
import dev.outbound.gateway.internal.CredentialResolver;
import dev.outbound.gateway.spi.StoredCredential;
import dev.outbound.testkit.vault.VaultEmulator;
import dev.outbound.vault.VaultConnection;
import dev.outbound.vault.VaultCredentialStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What resolving an account's credential costs a call in steady state, when the token is cached and far from its
 * refresh window, against baselines that do less:
 * <ul>
 *   <li>{@code baselineMapLookup} — a plain {@code ConcurrentHashMap<AccountKey, Credential>.get}, the least any
 *   per-account cache can do;</li>
 *   <li>{@code baselineInMemoryStoreRead} — a direct read of the in-memory store (a map plus {@code Optional});</li>
 *   <li>{@code managerResolve} — {@link CredentialManager#resolve}: cache entry, clock, expiry and refresh checks;</li>
 *   <li>{@code pipelineResolve} — {@link CredentialResolver#resolve}, what the credential stage calls: the manager plus
 *   remembering, per thread, which credential the attempt used (for a precise invalidation after a 401);</li>
 *   <li>{@code vaultStoreRead} — one read of the Vault store over HTTP (the testkit's KV v2 emulator on 127.0.0.1):
 *   what every call would pay without the cache.</li>
 * </ul>
 * Accounts are visited round-robin per thread, over 1 or 10,000 accounts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CredentialResolutionBenchmark {

    /** The accounts, their credentials, and the ways to get at them. */
    @State(Scope.Benchmark)
    public static class Accounts {
        @Param({"1", "10000"})
        public int accounts;

        AccountKey[] keys;
        ConcurrentHashMap<AccountKey, Credential> map;
        InMemoryCredentialStore store;
        CredentialManager manager;
        CredentialResolver resolver;

        @Setup(Level.Trial)
        public void setUp() {
            keys = new AccountKey[accounts];
            map = new ConcurrentHashMap<>();
            store = new InMemoryCredentialStore();
            Instant expiry = Instant.now().plus(Duration.ofDays(1));
            for (int i = 0; i < accounts; i++) {
                keys[i] = AccountKey.of("crm", "customer-" + i);
                Credential token = new Credential.OAuth2Token("access-" + i, "refresh-" + i, expiry, "api");
                map.put(keys[i], token);
                store.put(keys[i], token);
            }
            manager = CredentialManager.builder(store).maxAccounts(Math.max(100_000, accounts)).build();
            resolver = new CredentialResolver(manager);
            for (AccountKey key : keys) {
                resolver.resolve(key); // steady state: every account cached
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.close();
        }
    }

    /** Each thread's position in the round of accounts. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        AccountKey next(Accounts a) {
            int i = next;
            next = i + 1 == a.keys.length ? 0 : i + 1;
            return a.keys[i];
        }
    }

    /** One account in a Vault KV v2 emulator, read through the real Spring Vault client. */
    @State(Scope.Benchmark)
    public static class Vault {
        static final AccountKey ACCOUNT = AccountKey.of("crm", "customer-0");
        VaultEmulator emulator;
        VaultConnection connection;
        VaultCredentialStore store;

        @Setup(Level.Trial)
        public void setUp() {
            // Without TCP_NODELAY the JDK server behind the emulator meets delayed ACKs: 40 ms per read.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            emulator = VaultEmulator.builder().rootToken("bench-root-token").build();
            connection = VaultConnection.builder(emulator.uri()).token("bench-root-token").build();
            store = VaultCredentialStore.builder(connection.operations()).build();
            store.write(ACCOUNT, new Credential.OAuth2Token("access-0", "refresh-0",
                    Instant.now().plus(Duration.ofDays(1)), "api"), 0);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            connection.close();
            emulator.close();
        }
    }

    @Benchmark
    public Credential baselineMapLookup(Accounts a, Cursor c) {
        return a.map.get(c.next(a));
    }

    @Benchmark
    public Optional<StoredCredential> baselineInMemoryStoreRead(Accounts a, Cursor c) {
        return a.store.read(c.next(a));
    }

    @Benchmark
    public Credential managerResolve(Accounts a, Cursor c) {
        return a.manager.resolve(c.next(a));
    }

    @Benchmark
    public Credential pipelineResolve(Accounts a, Cursor c) {
        return a.resolver.resolve(c.next(a));
    }

    @Benchmark
    public Optional<StoredCredential> vaultStoreRead(Vault v) {
        return v.store.read(Vault.ACCOUNT);
    }
}
