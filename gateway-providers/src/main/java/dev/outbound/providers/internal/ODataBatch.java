package dev.outbound.providers.internal;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.IntegrationResponse;
import dev.outbound.providers.batch.BatchOperation;
import dev.outbound.providers.batch.BatchOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * OData {@code $batch} in the multipart format (SAP Gateway V2/V4, Dataverse): reads go in parts of their own,
 * writes in change sets — all consecutive writes in one change set when {@code atomic}, else one change set each.
 * The answer has one part per read and, per change set, either a nested multipart with one part per write or a
 * single error part that stands for the whole change set (SAP Cloud SDK fixture, PROVIDERS.md §3). Each answer is
 * classified with the provider's classifier. Stateless.
 */
public final class ODataBatch {
    private ODataBatch() {
    }

    /** The operations grouped as they are sent: a read alone, or the writes of one change set. */
    record Group(boolean changeSet, List<BatchOperation> operations) {
    }

    /** A request body and its Content-Type. */
    public record Body(String contentType, byte[] bytes) {
    }

    /** Checks ids for uniqueness and count, naming what is wrong. */
    public static void requireValid(List<BatchOperation> operations, int max) {
        if (operations == null || operations.isEmpty() || operations.size() > max) {
            throw new IllegalArgumentException("a $batch call carries 1 to " + max + " operations, got "
                    + (operations == null ? 0 : operations.size()));
        }
        Set<String> ids = new HashSet<>();
        for (BatchOperation op : operations) {
            if (!ids.add(op.id())) {
                throw new IllegalArgumentException("batch operation id '" + op.id() + "' is used twice");
            }
        }
    }

    static List<Group> groups(List<BatchOperation> operations, boolean atomic) {
        List<Group> groups = new ArrayList<>();
        List<BatchOperation> writes = new ArrayList<>();
        for (BatchOperation op : operations) {
            if (op.isWrite()) {
                if (atomic) {
                    writes.add(op);
                } else {
                    groups.add(new Group(true, List.of(op)));
                }
            } else {
                if (!writes.isEmpty()) {
                    groups.add(new Group(true, List.copyOf(writes)));
                    writes.clear();
                }
                groups.add(new Group(false, List.of(op)));
            }
        }
        if (!writes.isEmpty()) {
            groups.add(new Group(true, List.copyOf(writes)));
        }
        return groups;
    }

    /** The multipart request body; {@code partHeaders} go on every operation (e.g. {@code Accept}). */
    public static Body requestBody(List<BatchOperation> operations, boolean atomic, Map<String, String> partHeaders) {
        Multipart.Writer batch = new Multipart.Writer("batch_" + UUID.randomUUID());
        for (Group g : groups(operations, atomic)) {
            if (!g.changeSet()) {
                BatchOperation op = g.operations().get(0);
                batch.httpPart(op.method(), op.path(), headers(op, partHeaders), op.body().orElse(null), null);
                continue;
            }
            Multipart.Writer changeSet = new Multipart.Writer("changeset_" + UUID.randomUUID());
            for (BatchOperation op : g.operations()) {
                Map<String, String> h = headers(op, partHeaders);
                if (op.body().isPresent()) {
                    h.putIfAbsent("Content-Type", "application/json");
                }
                changeSet.httpPart(op.method(), op.path(), h, op.body().orElse(null), op.id());
            }
            batch.nested(changeSet);
        }
        return new Body("multipart/mixed; boundary=" + batch.boundary(),
                batch.build().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(BatchOperation op, Map<String, String> partHeaders) {
        Map<String, String> h = new LinkedHashMap<>(partHeaders);
        h.putAll(op.headers());
        return h;
    }

    /** One outcome per operation, in their order. */
    public static List<BatchOutcome> outcomes(IntegrationResponse response, List<BatchOperation> operations,
                                              boolean atomic, ErrorClassifier classifier, AccountKey account,
                                              String operation, Clock clock) {
        List<Multipart.Part> parts = Multipart.boundary(response.header("Content-Type").orElse(""))
                .map(b -> Multipart.parse(response.body(), b)).orElse(List.of());
        List<BatchOutcome> out = new ArrayList<>(operations.size());
        List<Group> groups = groups(operations, atomic);
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            Optional<Multipart.Part> part = i < parts.size() ? Optional.of(parts.get(i)) : Optional.empty();
            if (part.isEmpty()) {
                g.operations().forEach(op -> out.add(BatchSupport.missing(op.id(), account, operation, clock)));
                continue;
            }
            Optional<String> nested = part.get().nestedBoundary();
            if (g.changeSet() && nested.isPresent()) {
                List<Multipart.Part> answers = Multipart.parse(part.get().body(), nested.get());
                for (int k = 0; k < g.operations().size(); k++) {
                    String id = g.operations().get(k).id();
                    out.add(k < answers.size() ? answer(id, answers.get(k), classifier, account, operation, clock)
                            : BatchSupport.missing(id, account, operation, clock));
                }
            } else {
                // a read's answer, or one error part standing for a whole failed change set
                for (BatchOperation op : g.operations()) {
                    out.add(answer(op.id(), part.get(), classifier, account, operation, clock));
                }
            }
        }
        return out;
    }

    /**
     * The envelope of the first failed part of a multipart {@code $batch} answer, change sets included, classified
     * like a single call; empty when the answer is no multipart or every part succeeded. The answer's own status
     * does not matter: SAP answers 2xx with failed parts, Dataverse with {@code odata.continue-on-error} 200, and
     * Dataverse without it the failing part's status.
     */
    public static Optional<ErrorEnvelope> firstFailedPart(ProviderResponse response, ErrorClassifier classifier) {
        Optional<String> boundary = Multipart.boundary(response.header("Content-Type").orElse(""))
                .filter(b -> response.contentType().startsWith("multipart/"));
        if (boundary.isEmpty()) {
            return Optional.empty();
        }
        for (Multipart.Part part : Multipart.parse(response.body(), boundary.get())) {
            Optional<String> nested = part.nestedBoundary();
            List<Multipart.Part> answers = nested.isPresent() ? Multipart.parse(part.body(), nested.get())
                    : List.of(part);
            for (Multipart.Part answer : answers) {
                Optional<ErrorEnvelope> failed = Multipart.httpResponse(answer.body())
                        .filter(m -> m.status() >= 400)
                        .flatMap(m -> classifier.classify(ProviderResponse.of(m.status(), m.headers(), m.body())));
                if (failed.isPresent()) {
                    return failed;
                }
            }
        }
        return Optional.empty();
    }

    private static BatchOutcome answer(String id, Multipart.Part part, ErrorClassifier classifier,
                                       AccountKey account, String operation, Clock clock) {
        return Multipart.httpResponse(part.body())
                .map(m -> BatchSupport.outcome(id, m.status(), m.headers(), m.body(), classifier, account,
                        operation))
                .orElseGet(() -> BatchSupport.missing(id, account, operation, clock));
    }
}
