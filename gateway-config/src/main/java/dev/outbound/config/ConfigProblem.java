package dev.outbound.config;

import dev.outbound.errors.SafeText;
import java.util.Objects;

/**
 * One thing wrong with a configuration document, said so that an operator can fix it without reading code: which
 * customer, which file (or row), where in the document, and what was expected. Immutable and thread-safe.
 *
 * @param customer the customer the document is for, or {@code (unknown)} when the document does not say
 * @param source the file path or table row the document came from
 * @param path JSON path of the offending member, e.g. {@code $.mappings[2].target}; {@code $} for the whole document
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(String customer, String source, String path, String message) {

    /** What {@link #customer()} says when the document names no customer. */
    public static final String UNKNOWN_CUSTOMER = "(unknown)";

    public ConfigProblem {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        // Every part can come from the document itself and ends up in a log line: none may break or forge one.
        customer = SafeText.escapeLineBreaking(customer);
        source = SafeText.escapeLineBreaking(source);
        path = SafeText.escapeLineBreaking(path);
        message = SafeText.escapeLineBreaking(message);
    }

    /** {@code customer acme, source configs/acme/sf.json, at $.schedule.type: expected one of ...}. */
    @Override
    public String toString() {
        return "customer " + customer + ", source " + source + ", at " + path + ": " + message;
    }
}
