package dev.outbound.providers.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.IntegrationException;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.SafeJson;
import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.IntegrationClient;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.providers.batch.BatchOperation;
import dev.outbound.providers.batch.BatchOutcome;
import dev.outbound.providers.internal.BatchSupport;
import dev.outbound.providers.internal.Bodies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
    /** Codes of parts that were not carried out because another part failed: consequences, not causes. */
    private static final Set<String> HALTED = Set.of("PROCESSING_HALTED", "BATCH_PROCESSING_HALTED",
            "ALL_OR_NONE_OPERATION_ROLLED_BACK");

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
                ProviderResponse sub = subResponse(entry.path("httpStatusCode").asInt(500), entry.get("httpHeaders"),
                        entry.get("body"));
                byId.putIfAbsent(ref, BatchSupport.outcome(ref, sub.status(), sub.headers(), sub.body(), classifier,
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

    /**
     * The envelope of the first failed sub-request of a 2xx answer, classified like a single call: a Composite
     * {@code compositeResponse}, a Composite Graph's {@code graphs[].graphResponse}, a Composite Batch
     * {@code results} ({@code hasErrors: true}), or an sObject Collections array of {@code {success, errors}}. Parts
     * that were only halted or rolled back because another part failed ({@code PROCESSING_HALTED},
     * {@code BATCH_PROCESSING_HALTED}, {@code ALL_OR_NONE_OPERATION_ROLLED_BACK}) are passed over for the part
     * that caused them, and reported only when no other part failed. Empty for anything else. Shapes: the
     * composite pages (https://developer.salesforce.com/docs/atlas.en-us.240.0.api_rest.meta/api/requests_composite.htm,
     * https://developer.salesforce.com/docs/atlas.en-us.264.0.api_rest.meta/api_rest/responses_composite_batch.htm);
     * the Graph and sObject Collections answer shapes and {@code ALL_OR_NONE_OPERATION_ROLLED_BACK} are UNVERIFIED
     * (not among the pages read), and a Collections record error carries no status of its own, so it is read as the
     * 400 the REST API gives the same error on a single record.
     */
    public static Optional<ErrorEnvelope> firstFailedPart(ProviderResponse response, ErrorClassifier classifier) {
        if (!response.isSuccessful()) {
            return Optional.empty();
        }
        Optional<JsonNode> tree = Bodies.json(response);
        if (tree.isEmpty()) {
            return Optional.empty();
        }
        List<ProviderResponse> parts = new ArrayList<>();
        JsonNode root = tree.get();
        if (root.isArray()) {
            collectionParts(root, parts);
        } else {
            compositeParts(root.get("compositeResponse"), parts);
            for (JsonNode graph : iterable(root.get("graphs"))) {
                compositeParts(graph.path("graphResponse").get("compositeResponse"), parts);
            }
            for (JsonNode result : iterable(root.get("results"))) {
                parts.add(subResponse(result.path("statusCode").asInt(500), null, result.get("result")));
            }
        }
        Optional<ErrorEnvelope> firstHalted = Optional.empty();
        for (ProviderResponse part : parts) {
            if (part.isSuccessful()) {
                continue;
            }
            Optional<ErrorEnvelope> failed = classifier.classify(part);
            if (failed.isPresent() && !HALTED.contains(failed.get().providerCode().toUpperCase(Locale.ROOT))) {
                return failed;
            }
            firstHalted = firstHalted.or(() -> failed);
        }
        return firstHalted;
    }

    private static void compositeParts(JsonNode entries, List<ProviderResponse> parts) {
        for (JsonNode entry : iterable(entries)) {
            parts.add(subResponse(entry.path("httpStatusCode").asInt(500), entry.get("httpHeaders"),
                    entry.get("body")));
        }
    }

    /** sObject Collections: {@code [{id, success, errors: [{statusCode, message, fields}]}]}. */
    private static void collectionParts(JsonNode records, List<ProviderResponse> parts) {
        for (JsonNode record : records) {
            JsonNode errors = record.get("errors");
            if (!record.path("success").isBoolean() || errors == null || !errors.isArray()) {
                return; // not a Collections answer
            }
            if (record.get("success").asBoolean() || errors.isEmpty()) {
                continue;
            }
            ArrayNode restErrors = JSON.createArrayNode();
            for (JsonNode error : errors) {
                ObjectNode e = restErrors.addObject();
                e.put("message", error.path("message").asText(""));
                e.put("errorCode", error.path("statusCode").asText(""));
                if (error.has("fields")) {
                    e.set("fields", error.get("fields"));
                }
            }
            parts.add(subResponse(400, null, restErrors));
        }
    }

    /** One sub-request's answer as a response of its own (a JSON body unless its headers say otherwise). */
    private static ProviderResponse subResponse(int status, JsonNode httpHeaders, JsonNode body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (httpHeaders != null && httpHeaders.isObject()) {
            httpHeaders.fields().forEachRemaining(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
        }
        headers.putIfAbsent("Content-Type", List.of("application/json"));
        byte[] bytes = body == null || body.isNull() ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        return ProviderResponse.of(status < 100 || status > 999 ? 500 : status, headers, bytes);
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node != null && node.isArray() ? node : List.of();
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
