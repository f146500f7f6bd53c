package dev.outbound.providers;

/**
 * Told of {@link DeprecationEvent}s. Listeners run on the calling thread (a provider call, or whoever publishes the
 * compatibility matrix); they must be fast and must not throw — an exception is logged and ignored. Implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface DeprecationListener {

    void onDeprecation(DeprecationEvent event);

    /** A listener that ignores every event. */
    static DeprecationListener noop() {
        return event -> { };
    }
}
