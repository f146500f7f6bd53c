package dev.outbound.providers.sap;

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
 * SAP OData {@code $batch} (PROVIDERS.md §3): {@code POST <service>/$batch} with a {@code multipart/mixed} body —
 * reads in their own parts, writes in change sets — answered with a 2xx even when parts fail. Each part's answer is
 * classified by {@link SapClassifier}; a failed change set is answered by one error part, which becomes the outcome
 * of every write in it. The CSRF handshake applies to the {@code $batch} POST like any write. Stateless and
 * thread-safe.
 *
 * <p>When the batch call as a whole fails, the gateway's {@link IntegrationException} is thrown.
 */
public final class SapBatch {
    /** A bound of our own; SAP documents none in the material read. */
    public static final int MAX_OPERATIONS = 1_000;

    private SapBatch() {
    }

    /**
     * Sends the operations in one {@code $batch} call and returns one outcome per operation, in their order.
     *
     * @param client a client of the {@code sap} provider
     * @param operation the caller's operation name
     * @param service the service path as in single calls, e.g. {@code API_BUSINESS_PARTNER}
     * @param operations paths relative to the service root, e.g. {@code A_BusinessPartner('1')}
     * @param atomic whether consecutive writes share one change set (all or nothing)
     * @throws IntegrationException when the batch call itself fails
     */
    public static List<BatchOutcome> execute(IntegrationClient client, String operation, String service,
                                             List<BatchOperation> operations, boolean atomic) {
        Objects.requireNonNull(client, "client");
        if (service == null || !service.matches("[A-Za-z0-9_./-]{1,200}") || service.contains("..")) {
            throw new IllegalArgumentException("service must be a service path such as API_BUSINESS_PARTNER, was '"
                    + service + "'");
        }
        ODataBatch.requireValid(operations, MAX_OPERATIONS);
        ODataBatch.Body body = ODataBatch.requestBody(operations, atomic, Map.of("Accept", "application/json"));
        IntegrationResponse response = client.post(service + "/$batch").operation(operation)
                .header("Accept", "multipart/mixed").body(body.bytes(), body.contentType()).execute();
        return ODataBatch.outcomes(response, operations, atomic, new SapClassifier(Clock.systemUTC()),
                client.account(), operation, Clock.systemUTC());
    }
}
