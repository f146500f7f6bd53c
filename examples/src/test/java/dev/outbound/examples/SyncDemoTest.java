package dev.outbound.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.gateway.AccountKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's injected faults end up exactly where the summary says, and no record goes unaccounted for. */
class SyncDemoTest {

    @Test
    void eachInjectedFaultShowsUpOnTheRightCustomerAndEveryRecordIsAccountedFor() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<AccountKey, SyncDemo.Tally> t = SyncDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        SyncDemo.Tally healthy = t.get(AccountKey.of("crm", "acme"));
        assertThat(healthy.synced).isEqualTo(300);
        assertThat(healthy.errors).isEmpty();

        SyncDemo.Tally burst = t.get(AccountKey.of("crm", "globex"));
        assertThat(burst.synced).isEqualTo(299);
        assertThat(burst.failed).isEqualTo(1);
        assertThat(burst.errors).containsOnly(Map.entry(ErrorCategory.SERVER_ERROR, 1));

        SyncDemo.Tally revoked = t.get(AccountKey.of("crm", "initech"));
        assertThat(revoked.synced).isZero();
        assertThat(revoked.errors).containsOnlyKeys(ErrorCategory.AUTH_FAILURE);
        assertThat(revoked.aborted).contains("auth_failure");

        SyncDemo.Tally rejected = t.get(AccountKey.of("erp", "acme"));
        assertThat(rejected.synced).isEqualTo(297);
        assertThat(rejected.errors).containsOnly(Map.entry(ErrorCategory.VALIDATION_ERROR, 3));

        SyncDemo.Tally throttled = t.get(AccountKey.of("erp", "umbrella"));
        assertThat(throttled.synced).isEqualTo(300);
        assertThat(throttled.errors).isEmpty();

        SyncDemo.Tally outage = t.get(AccountKey.of("erp", "hooli"));
        assertThat(outage.synced + outage.failed).isEqualTo(300);
        assertThat(outage.errors).containsOnlyKeys(ErrorCategory.SERVER_ERROR);
        assertThat(outage.example.summary()).startsWith("server_error on hooli/erp (write-record)");

        for (SyncDemo.Tally tally : t.values()) {
            if (tally.aborted.isEmpty()) {
                assertThat(tally.synced + tally.failed).isEqualTo(SyncDemo.RECORDS_PER_CUSTOMER);
            }
        }
        assertThat(printed).contains("hooli      erp").contains("open")
                .contains("INVALID_SESSION_ID Session expired or invalid [HTTP 401, attempt 2 of 3]")
                .doesNotContain("crm-token-").doesNotContain("erp-key-");
    }
}
