package dev.outbound.gateway.spi;

import dev.outbound.gateway.alerts.AlertEvent;

/**
 * Where alert events go: a log, a webhook, a pager. The alert engine calls {@link #send} on the evaluating thread —
 * never a call's thread — but an implementation must still return quickly and never throw for a delivery problem:
 * slow deliveries belong on the sink's own executor. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AlertSink {

    /** Delivers (or queues for delivery) one event. */
    void send(AlertEvent event);
}
