/**
 * Polling for providers without webhooks: {@link dev.outbound.config.polling.PollingScheduler} with adaptive intervals,
 * and the cursor stores that let a restart resume exactly where the last hand-off ended.
 */
package dev.outbound.config.polling;
