package dev.outbound.gateway.alerts;

import dev.outbound.gateway.spi.AlertSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes each alert event as one line on the logger {@code dev.outbound.alerts} (WARN when firing, INFO when
 * recovered), with the customer and provider also on the MDC. Thread-safe.
 */
public final class LoggingAlertSink implements AlertSink {
    private static final Logger log = LoggerFactory.getLogger("dev.outbound.alerts");

    @Override
    public void send(AlertEvent event) {
        String previousCustomer = MDC.get("customer");
        String previousProvider = MDC.get("provider");
        MDC.put("customer", event.account().customerId());
        MDC.put("provider", event.account().provider());
        try {
            if (event.type() == AlertEvent.Type.FIRING) {
                log.warn("ALERT {}", event.describe());
            } else {
                log.info("ALERT {}", event.describe());
            }
        } finally {
            restore("customer", previousCustomer);
            restore("provider", previousProvider);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "LoggingAlertSink";
    }
}
