package dev.outbound.testkit.limits;

import java.util.Objects;

/**
 * Where {@link RateLimitSimulator} reads which account a request is for: a request header, or a segment of the
 * request path. Immutable.
 */
public sealed interface AccountBy {

    /** The account is the value of header {@code name}, e.g. {@code X-Account-Id}. */
    static AccountBy header(String name) {
        return new Header(name);
    }

    /**
     * The account is path segment {@code index}, counted from 0 after the leading slash: in
     * {@code /accounts/acme/items}, index 1 is {@code acme}.
     */
    static AccountBy pathSegment(int index) {
        return new PathSegment(index);
    }

    /** @param name the header's name, matched without regard to case */
    record Header(String name) implements AccountBy {
        public Header {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
        }
    }

    /** @param index the segment's position, from 0 */
    record PathSegment(int index) implements AccountBy {
        public PathSegment {
            if (index < 0 || index > 32) {
                throw new IllegalArgumentException("index must be in [0, 32], was " + index);
            }
        }
    }
}
