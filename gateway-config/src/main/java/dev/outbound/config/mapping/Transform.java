package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One value-to-value step of a field mapping: a date reformatted, an amount converted, a code looked up. A transform
 * is built once per configuration by a {@link TransformFactory} and then applied to every record, so it must be
 * thread-safe and should not allocate more than its result.
 *
 * <p>The input is the source value (never empty: empty sources take the mapping's default and skip transforms), or
 * an array of the values of a mapping's {@code sources}. Return a value, never {@code null}; throw
 * {@link MappingException} for a value that cannot be transformed, with a message that says why without repeating
 * the value. Any exception fails only the record at hand: the registry names the transform in the message and the
 * record processor keeps the record as failed.
 */
@FunctionalInterface
public interface Transform {

    JsonNode apply(JsonNode value);

    /** This transform, then {@code next}. */
    default Transform andThen(Transform next) {
        return value -> next.apply(apply(value));
    }
}
