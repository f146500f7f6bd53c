package dev.outbound.gateway;

/** How urgently a call needs its rate-limit permit: when tokens run short, higher priorities go first. */
public enum Priority {
    /** A user is waiting for this call. */
    REALTIME,
    /** The default. */
    NORMAL,
    /** Bulk sync work that can wait. */
    BACKGROUND
}
