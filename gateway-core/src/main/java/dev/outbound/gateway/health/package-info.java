/**
 * Integration health: one row per customer per integration, GREEN, YELLOW or RED with its reason and since when,
 * built from what the gateway saw ({@link dev.outbound.gateway.spi.CallListener}), what sync runs reported
 * ({@link dev.outbound.gateway.sync.SyncListener}) and what happened to credentials. {@link HealthMonitor} collects;
 * a {@link dev.outbound.gateway.spi.HealthStore} shares each node's snapshot; {@link HealthView} merges the snapshots
 * of every node into the rows a dashboard shows.
 */
package dev.outbound.gateway.health;
