/**
 * Sync runs: one sync of one integration for one customer, as a try-with-resources block that counts every record,
 * keeps failed records with their envelopes (up to a bound, then counts them), measures data latency, and reports an
 * outcome to metrics, logs and health.
 *
 * <pre>{@code
 * try (SyncRun run = syncs.start(AccountKey.of("crm", "acme"), "sync-accounts")) {
 *     for (Account a : source) {
 *         try {
 *             client.put("accounts/{id}", a.id()).body(a).execute();
 *             run.processed(a.changedAt());
 *         } catch (IntegrationException e) {
 *             if (!run.failed(a.id(), e.envelope())) break;     // false once the run halts
 *         }
 *     }
 *     run.complete();
 * }
 * }</pre>
 */
package dev.outbound.gateway.sync;
