/**
 * Alerts without noise: {@link AlertRule}s judge each integration's signals at every evaluation, and the
 * {@link AlertEngine} turns sustained conditions into exactly one {@link AlertEvent.Type#FIRING} event, then exactly
 * one {@link AlertEvent.Type#RECOVERED} event once the condition has stayed clear — with hysteresis on both edges, so
 * a blip or a flapping signal neither pages nor pages twice. Sinks: {@link LoggingAlertSink},
 * {@link WebhookAlertSink}.
 */
package dev.outbound.gateway.alerts;
