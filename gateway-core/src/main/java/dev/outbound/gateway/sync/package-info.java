/**
 * Sync runs: one sync of one integration for one customer, as a try-with-resources block that accounts for every
 * record (succeeded, failed, skipped, or not attempted when the run stopped early), keeps failed records with their
 * envelopes (up to a bound, then counts them), measures data latency, and reports an outcome to metrics, logs and
 * health.
 *
 * <pre>{@code
 * try (SyncRun run = syncs.start(AccountKey.of("crm", "acme"), "sync-accounts")) {
 *     run.expect(source.totalSize());
 *     for (Account a : source) {
 *         try {
 *             client.put("accounts/{id}", a.id()).body(a).execute();
 *             run.succeeded(a.changedAt());
 *         } catch (IntegrationException e) {
 *             if (!run.failed(a.id(), e.envelope())) break;     // false once the run halts
 *         }
 *     }
 *     run.complete();
 * }
 * }</pre>
 */
package dev.outbound.gateway.sync;
