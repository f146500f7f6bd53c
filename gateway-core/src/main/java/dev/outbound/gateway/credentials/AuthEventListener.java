package dev.outbound.gateway.credentials;

/**
 * Told of every {@link AuthEvent}. Called on the thread that caused the event, so it must be fast; an exception it
 * throws is logged and otherwise ignored, so a listener can never break a call. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface AuthEventListener {

    void onEvent(AuthEvent event);

    /** A listener that ignores every event. */
    static AuthEventListener noop() {
        return event -> { };
    }
}
