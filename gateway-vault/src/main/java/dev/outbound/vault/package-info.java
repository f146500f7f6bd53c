/**
 * Production credential parts: {@link dev.outbound.vault.VaultCredentialStore} on HashiCorp Vault KV v2 (Spring Vault
 * Core), {@link dev.outbound.vault.OAuthTokenRefresher} for the refresh-token and client-credentials grants,
 * {@link dev.outbound.vault.NetSuiteTbaSigner}, {@link dev.outbound.vault.ClientCertificates}, and the distributed
 * refresh locks {@link dev.outbound.vault.RedisRefreshLock} and {@link dev.outbound.vault.PostgresRefreshLock}.
 */
package dev.outbound.vault;
