package dev.outbound.providers.dynamics;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.providers.batch.BatchOperation;
import dev.outbound.providers.batch.BatchOutcome;
import dev.outbound.providers.internal.ODataBatch;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Dataverse {@code $batch} (PROVIDERS.md §7): {@code POST api/data/v9.2/$batch} with a {@code multipart/mixed}
 * body of up to 1,000 operations. With {@code continueOnError} (the default here) it sends
 * {@code Prefer: odata.continue-on-error}, so the answer is 200 with failed parts next to successful ones, each
 * classified by {@link DynamicsClassifier}. Without it, Dataverse stops at the first failure and answers with that
 * failure's status: the call then fails as a whole with the gateway's {@link IntegrationException}, whose envelope
 * carries the failing part's code and message. Operation paths are relative to the service root
 * ({@code accounts}, {@code accounts(<id>)}). Stateless and thread-safe.
 */
public final class DataverseBatch {
    /** Dataverse's limit of operations per batch (api-limits.md). */
    public static final int MAX_OPERATIONS = 1_000;

    private DataverseBatch() {
    }

    /**
     * Sends the operations in one {@code $batch} call and returns one outcome per operation, in their order.
     *
     * @param atomic whether consecutive writes share one change set (all or nothing)
     * @param continueOnError whether Dataverse should carry on after a failed operation
     * @throws IntegrationException when the batch call itself fails
     */
    public static List<BatchOutcome> execute(IntegrationClient client, String operation,
                                             List<BatchOperation> operations, boolean atomic,
                                             boolean continueOnError) {
        Objects.requireNonNull(client, "client");
        ODataBatch.requireValid(operations, MAX_OPERATIONS);
        ODataBatch.Body body = ODataBatch.requestBody(operations, atomic, Map.of("Accept", "application/json"));
        var call = client.post("$batch").operation(operation).header("Accept", "multipart/mixed")
                .body(body.bytes(), body.contentType());
        if (continueOnError) {
            call.header("Prefer", "odata.continue-on-error");
        }
        IntegrationResponse response = call.execute();
        return ODataBatch.outcomes(response, operations, atomic, new DynamicsClassifier(Clock.systemUTC()),
                client.account(), operation, Clock.systemUTC());
    }
}
