package dev.outbound.config.mapping;

/**
 * Builds a {@link Transform} from its configuration, once, when a configuration is loaded. Check every parameter
 * here and throw {@link IllegalArgumentException} with a message that says what was expected: the loader reports it
 * with the customer, the file and the JSON path, and rejects the document. Must be thread-safe.
 */
@FunctionalInterface
public interface TransformFactory {

    Transform create(TransformSpec spec);
}
