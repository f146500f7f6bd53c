package dev.outbound.providers.batch;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One operation inside a batch call (Salesforce Composite, SAP OData {@code $batch}, Dataverse {@code $batch}).
 * The path is relative to the provider's API root as the adapter builds it — without host and without version
 * (e.g. {@code sobjects/Account/001xx}, {@code A_BusinessPartner('1')}, {@code accounts}); calling code never writes
 * a version. The body is JSON text. Immutable and thread-safe.
 *
 * @param id the caller's id for the operation, unique in the batch; outcomes carry it back
 * @param method HTTP method, upper case
 * @param path relative path, already encoded
 * @param body JSON body, empty for none
 * @param headers extra headers of the operation
 */
public record BatchOperation(String id, String method, String path, Optional<String> body,
                             Map<String, String> headers) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,40}");

    public BatchOperation {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("batch operation id must be 1-40 of A-Z a-z 0-9 _, was '" + id + "'");
        }
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/") || path.contains("://") || path.chars().anyMatch(c -> c < 0x21)) {
            throw new IllegalArgumentException("batch operation " + id + ": path must be relative, without spaces "
                    + "or control characters, was '" + path + "'");
        }
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        headers.forEach((k, v) -> {
            if ((k + v).chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("batch operation " + id + ": header " + k + " has a line break");
            }
        });
    }

    public static BatchOperation get(String id, String path) {
        return new BatchOperation(id, "GET", path, Optional.empty(), Map.of());
    }

    public static BatchOperation post(String id, String path, String jsonBody) {
        return new BatchOperation(id, "POST", path, Optional.of(jsonBody), Map.of());
    }

    public static BatchOperation patch(String id, String path, String jsonBody) {
        return new BatchOperation(id, "PATCH", path, Optional.of(jsonBody), Map.of());
    }

    public static BatchOperation delete(String id, String path) {
        return new BatchOperation(id, "DELETE", path, Optional.empty(), Map.of());
    }

    /** A copy with one more header. */
    public BatchOperation withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new BatchOperation(id, method, path, body, h);
    }

    /** Whether the operation changes data (it then belongs in an OData change set). */
    public boolean isWrite() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    /** Method, id and path only; never the body. */
    @Override
    public String toString() {
        return "BatchOperation[" + id + " " + method + " " + path + "]";
    }
}
