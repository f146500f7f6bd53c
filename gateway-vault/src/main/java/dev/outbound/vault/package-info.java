/**
 * Production credential parts: {@link dev.outbound.vault.VaultCredentialStore} on HashiCorp Vault KV v2 (Spring Vault
 * Core), {@link dev.outbound.vault.OAuthTokenRefresher} for the refresh-token and client-credentials grants,
 * {@link dev.outbound.vault.NetSuiteTbaSigner}, and the distributed refresh locks
 * {@link dev.outbound.vault.RedisRefreshLock} and {@link dev.outbound.vault.PostgresRefreshLock}. Client certificates
 * read from the vault are used for mutual TLS by the gateway's transport
 * ({@link dev.outbound.gateway.credentials.ClientCertificates}).
 */
package dev.outbound.vault;
