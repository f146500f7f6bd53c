package dev.outbound.examples;

import static dev.outbound.examples.SyncDemo.PAGE_SIZE;
import static dev.outbound.examples.SyncDemo.RECORDS_PER_CUSTOMER;
import static dev.outbound.examples.SyncDemo.SOURCE_LAG;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.config.ErrorPreference;
import dev.outbound.config.LoadedConfig;
import dev.outbound.config.RecordOutcome;
import dev.outbound.config.RecordProcessor;
import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.Reasons;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.Priority;
import dev.outbound.gateway.sync.FailurePolicy;
import dev.outbound.gateway.sync.SyncResult;
import dev.outbound.gateway.sync.SyncRun;
import dev.outbound.gateway.sync.SyncRuns;
import java.time.Clock;
import java.time.Instant;

/** The sync job a SaaS backend would write: read pages from the source, map each record, write it. Stateless. */
final class RecordSync {
    static final String SYNC = "sync-records";

    private RecordSync() {
    }

    /**
     * One sync: read each page; for each record, apply the integration's filter and mappings and write the result.
     * The first page says how many records there are, so a run that stops early counts the ones it never tried. A
     * page that cannot be read aborts the run (the source is out of reach, and the records behind it are not known).
     * A record that cannot be mapped or written is kept; whether the run goes on is the document's error preference.
     * ({@code RecordProcessor.process} does filter and mappings for a batch; a sync that writes record by record
     * uses {@code processRecord} so that mapping and write failures share the run's one failure policy.)
     */
    static SyncResult sync(SyncRuns syncs, IntegrationClient client, LoadedConfig config, String idField,
                           Clock clock) {
        FailurePolicy policy = config.config().onError() == ErrorPreference.HALT
                ? FailurePolicy.HALT_ON_FIRST_FAILURE : FailurePolicy.SKIP_FAILED_RECORDS;
        SyncRun run = syncs.start(client.account(), SYNC, policy);
        // Every call of the run counts towards its integration's health row, not the account's calls outside syncs.
        IntegrationClient forRun = client.integration(run.name());
        try (run) {
            for (int page = 0; page < RECORDS_PER_CUSTOMER / PAGE_SIZE && !run.stopped(); page++) {
                JsonNode body;
                try {
                    body = forRun.get("records").query("page", page).operation("read-records")
                            .priority(Priority.BACKGROUND).execute(JsonNode.class);
                } catch (IntegrationException e) {
                    run.abort(e.envelope());
                    break;
                }
                if (body.path("totalSize").canConvertToLong()) {
                    run.expect(body.path("totalSize").longValue());
                }
                for (JsonNode record : body.path("records")) {
                    if (!syncRecord(run, forRun, config, record.path(idField).asText(), record, clock)) {
                        break;
                    }
                }
            }
            if (!run.stopped()) {
                run.complete();
            }
        }
        return run.result();
    }

    /** Maps and writes one record; false when the run's failure policy stops the run. */
    private static boolean syncRecord(SyncRun run, IntegrationClient client, LoadedConfig config, String id,
                                      JsonNode record, Clock clock) {
        RecordOutcome outcome = RecordProcessor.processRecord(config, record);
        if (outcome instanceof RecordOutcome.FilteredOut) {
            run.skipped();
            return true;
        }
        if (outcome instanceof RecordOutcome.Failed failed) {
            return run.failed(id, mappingFailure(client.account(), failed.reason(), clock.instant()));
        }
        try {
            client.put("records/{id}", id).operation("write-record")
                    .body(((RecordOutcome.Mapped) outcome).record()).execute();
            // The simulated source says every record changed two minutes before the run started.
            run.succeeded(run.startedAt().minus(SOURCE_LAG));
            return true;
        } catch (IntegrationException e) {
            return run.failed(id, e.envelope());
        }
    }

    /** A record the filter or mappings could not handle: invalid data, not a provider error. */
    private static ErrorEnvelope mappingFailure(AccountKey account, String reason, Instant at) {
        // The reason names the mapping and transform; record values only as a transform's own message had them,
        // redacted, escaped and bounded.
        return ErrorEnvelope.builder(ErrorCategory.VALIDATION_ERROR)
                .provider(account.provider())
                .customer(account.customerId())
                .operation("map-record")
                .reason(Reasons.MAPPING_FAILED)
                .message(reason)
                .timestamp(at)
                .build();
    }
}
