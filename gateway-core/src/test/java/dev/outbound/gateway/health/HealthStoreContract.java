package dev.outbound.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.spi.HealthStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link HealthStore} does, run against each backend (in memory, PostgreSQL). */
abstract class HealthStoreContract {
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00.123Z");
    static final AccountKey INITECH = AccountKey.of("crm", "initech");
    static final AccountKey ACME = AccountKey.of("erp", "acme");

    abstract HealthStore store();

    static ActivitySnapshot snapshot(AccountKey account, String node, Instant at, long calls, long failed,
                                     CredentialState credential, String circuit) {
        return snapshot(account, "sync-accounts", node, at, calls, failed, credential, circuit);
    }

    static ActivitySnapshot snapshot(AccountKey account, String integration, String node, Instant at, long calls,
                                     long failed, CredentialState credential, String circuit) {
        return new ActivitySnapshot(account, integration, node, at, at.minus(Duration.ofHours(3)), calls, failed,
                LocalDate.of(2026, 3, 2), 297, 3, Map.of("validation_error", 3L, "server_error", failed),
                Optional.of(at.minusSeconds(60)), "partial", "partial: 297 processed, 3 failed (validation_error=3)",
                Optional.of(at.minusSeconds(60)), Optional.of(at.minusSeconds(3600)), Optional.empty(), credential,
                credential == CredentialState.OK ? "" : "grant revoked (token_revoked)",
                credential == CredentialState.OK ? "" : "token_revoked",
                credential == CredentialState.OK ? Optional.empty() : Optional.of(at.minusSeconds(600)), circuit, 7,
                "validation_error", "invalid_request", "FIELD_INTEGRITY_EXCEPTION");
    }

    @Test
    void twoIntegrationsOfOneAccountOnOneNodeAreKeptApart() {
        ActivitySnapshot accounts = snapshot(ACME, "sync-accounts", "node-a", NOW, 100, 0, CredentialState.OK,
                "closed");
        ActivitySnapshot orders = snapshot(ACME, "sync-orders", "node-a", NOW, 50, 50, CredentialState.OK, "closed");
        store().publishAll(List.of(accounts, orders));
        assertThat(store().snapshots()).containsExactlyInAnyOrder(accounts, orders);
    }

    @Test
    void aPublishedSnapshotComesBackWithEveryField() {
        ActivitySnapshot s = snapshot(INITECH, "node-a", NOW, 100, 10, CredentialState.NEEDS_REAUTHORIZATION, "open");
        store().publish(s);
        assertThat(store().snapshots()).containsExactly(s);
    }

    @Test
    void publishingAgainReplacesTheNodesSnapshotButNeverWithAnOlderOne() {
        store().publish(snapshot(ACME, "node-a", NOW, 100, 0, CredentialState.OK, "closed"));
        ActivitySnapshot newer = snapshot(ACME, "node-a", NOW.plusSeconds(60), 120, 0, CredentialState.OK, "closed");
        store().publish(newer);
        store().publish(snapshot(ACME, "node-a", NOW.minusSeconds(60), 80, 0, CredentialState.OK, "closed"));
        assertThat(store().snapshots()).containsExactly(newer);
    }

    @Test
    void severalNodesWriteAndTheViewShowsOneMergedRowPerIntegration() {
        store().publishAll(List.of(
                snapshot(INITECH, "node-a", NOW, 100, 2, CredentialState.OK, "closed"),
                snapshot(INITECH, "node-b", NOW.plusSeconds(5), 100, 3, CredentialState.NEEDS_REAUTHORIZATION,
                        "closed"),
                snapshot(ACME, "node-a", NOW, 50, 0, CredentialState.OK, "closed")));

        List<HealthRow> rows = new HealthView(store(), HealthThresholds.defaults(),
                Clock.fixed(NOW.plusSeconds(10), ZoneOffset.UTC)).rows();

        assertThat(rows).extracting(r -> r.account().toString()).containsExactly("acme/erp", "initech/crm");
        HealthRow initech = rows.get(1);
        assertThat(initech.calls24h()).isEqualTo(200);
        assertThat(initech.successRate24h()).hasValue(0.975);
        assertThat(initech.recordsToday()).isEqualTo(594);
        assertThat(initech.errorsToday()).containsEntry("server_error", 5L).containsEntry("validation_error", 6L);
        assertThat(initech.status()).isEqualTo(HealthStatus.RED);
        assertThat(initech.reason()).isEqualTo("needs re-authorization: grant revoked (token_revoked)");
        assertThat(initech.advice().sentence()).isEqualTo("Crm access was revoked: the customer must reconnect the "
                + "integration");
        assertThat(initech.detail()).isEqualTo("auth_failure, token_revoked");
        assertThat(initech.since()).hasValue(NOW.plusSeconds(5).minusSeconds(600));
    }
}
