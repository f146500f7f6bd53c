package dev.outbound.providers.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.SafeJson;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.providers.batch.BatchOperation;
import dev.outbound.providers.batch.BatchOutcome;
import dev.outbound.providers.internal.BatchSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Salesforce Composite ({@code POST /services/data/vXX.X/composite}): up to 25 sub-requests in one call, answered
 * with HTTP 200 and one {@code compositeResponse} entry per sub-request ({@code body}, {@code httpHeaders},
 * {@code httpStatusCode}, {@code referenceId}). Each entry is classified by {@link SalesforceClassifier}, so a failed
 * sub-request reads like a failed call; with {@code allOrNone} the others come back as 400
 * {@code PROCESSING_HALTED} (a {@code conflict}). The operation ids become reference ids. Sub-request URLs carry a
 * version placeholder that the adapter replaces with the account's pinned version. Stateless and thread-safe.
 *
 * <p>When the call as a whole fails (a malformed request, an expired session, the org's limit) the gateway's
 * {@link IntegrationException} is thrown as for any call.
 */
public final class SalesforceComposite {
    /** Salesforce's limit of sub-requests per composite call. */
    public static final int MAX_SUBREQUESTS = 25;
    private static final ObjectMapper JSON = SafeJson.newMapper();

    private SalesforceComposite() {
    }

    /**
     * Sends the operations in one composite call and returns one outcome per operation, in their order.
     *
     * @param client a client of the {@code salesforce} provider
     * @param operation the caller's operation name (metrics, logs, envelopes)
     * @param operations 1 to 25 operations with unique ids; bodies are JSON objects
     * @param allOrNone whether a failure rolls back every sub-request
     * @throws IntegrationException when the composite call itself fails
     */
    public static List<BatchOutcome> execute(IntegrationClient client, String operation,
                                             List<BatchOperation> operations, boolean allOrNone) {
        Objects.requireNonNull(client, "client");
        if (!SalesforceAdapter.ID.equals(client.account().provider())) {
            throw new IllegalArgumentException("SalesforceComposite needs a salesforce client, got "
                    + client.account());
        }
        requireValid(operations);
        byte[] body = requestBody(operations, allOrNone);
        IntegrationResponse response = client.post("composite").operation(operation)
                .body(body, "application/json; charset=utf-8").execute();
        return outcomes(response, operations, client, operation);
    }

    /** The composite request body, with the version placeholder in every URL. */
    static byte[] requestBody(List<BatchOperation> operations, boolean allOrNone) {
        ObjectNode root = JSON.createObjectNode();
        root.put("allOrNone", allOrNone);
        ArrayNode requests = root.putArray("compositeRequest");
        for (BatchOperation op : operations) {
            ObjectNode sub = requests.addObject();
            sub.put("method", op.method());
            sub.put("url", SalesforceAdapter.VERSION_PLACEHOLDER + op.path());
            sub.put("referenceId", op.id());
            if (!op.headers().isEmpty()) {
                ObjectNode headers = sub.putObject("httpHeaders");
                op.headers().forEach(headers::put);
            }
            if (op.body().isPresent()) {
                try {
                    sub.set("body", JSON.readTree(op.body().get()));
                } catch (IOException e) {
                    throw new IllegalArgumentException("batch operation " + op.id() + ": body is not valid JSON", e);
                }
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the composite request", e);
        }
    }

    private static List<BatchOutcome> outcomes(IntegrationResponse response, List<BatchOperation> operations,
                                               IntegrationClient client, String operation) {
        SalesforceClassifier classifier = new SalesforceClassifier(Clock.systemUTC());
        Map<String, BatchOutcome> byId = new HashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            root = null;
        }
        JsonNode entries = root == null ? null : root.get("compositeResponse");
        if (entries != null && entries.isArray()) {
            for (JsonNode entry : entries) {
                String ref = entry.path("referenceId").asText("");
                int status = entry.path("httpStatusCode").asInt(500);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                entry.path("httpHeaders").fields().forEachRemaining(h -> headers.put(h.getKey(),
                        List.of(h.getValue().asText())));
                headers.putIfAbsent("Content-Type", List.of("application/json"));
                JsonNode sub = entry.get("body");
                byte[] bytes = sub == null || sub.isNull() ? new byte[0]
                        : sub.toString().getBytes(StandardCharsets.UTF_8);
                byId.putIfAbsent(ref, BatchSupport.outcome(ref, status, headers, bytes, classifier,
                        client.account(), operation));
            }
        }
        List<BatchOutcome> out = new ArrayList<>(operations.size());
        for (BatchOperation op : operations) {
            BatchOutcome o = byId.get(op.id());
            out.add(o != null ? o : BatchSupport.missing(op.id(), client.account(), operation, Clock.systemUTC()));
        }
        return out;
    }

    private static void requireValid(List<BatchOperation> operations) {
        Objects.requireNonNull(operations, "operations");
        if (operations.isEmpty() || operations.size() > MAX_SUBREQUESTS) {
            throw new IllegalArgumentException("a composite call carries 1 to " + MAX_SUBREQUESTS
                    + " operations, got " + operations.size());
        }
        Set<String> ids = new HashSet<>();
        for (BatchOperation op : operations) {
            if (!ids.add(op.id())) {
                throw new IllegalArgumentException("batch operation id '" + op.id() + "' is used twice");
            }
        }
    }
}
