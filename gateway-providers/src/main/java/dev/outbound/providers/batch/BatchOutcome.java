package dev.outbound.providers.batch;

import dev.outbound.errors.ErrorEnvelope;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What became of one operation of a batch call: its response, or its error envelope — classified by the same
 * classifier as a single call to the provider, so a failed part reads exactly like a failed call. Immutable.
 */
public sealed interface BatchOutcome {

    /** The caller's id of the operation. */
    String id();

    boolean isSuccess();

    /**
     * The operation succeeded.
     *
     * @param id the operation's id
     * @param status its HTTP status
     * @param headers its response headers
     * @param body its response body (JSON text, possibly empty)
     */
    record Success(String id, int status, Map<String, List<String>> headers, String body) implements BatchOutcome {
        public Success {
            Objects.requireNonNull(id, "id");
            headers = Map.copyOf(headers);
            body = body == null ? "" : body;
        }

        @Override
        public boolean isSuccess() {
            return true;
        }

        /** Status and size only; never the body. */
        @Override
        public String toString() {
            return "Success[" + id + ", HTTP " + status + ", " + body.length() + " chars]";
        }
    }

    /**
     * The operation failed, or was not carried out because another one failed.
     *
     * @param id the operation's id
     * @param envelope what went wrong
     */
    record Failure(String id, ErrorEnvelope envelope) implements BatchOutcome {
        public Failure {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(envelope, "envelope");
        }

        @Override
        public boolean isSuccess() {
            return false;
        }
    }
}
