/**
 * The token lifecycle of the credential stage: a bounded read-through cache in front of any
 * {@link dev.outbound.gateway.spi.CredentialStore}, proactive refresh inside a window before expiry, single flight per
 * account, cross-node exclusion through {@link dev.outbound.gateway.spi.RefreshLock}, rotation-safe check-and-set
 * writes, fail-fast on revoked credentials, and auth events for listeners, the audit log and metrics.
 */
package dev.outbound.gateway.credentials;
