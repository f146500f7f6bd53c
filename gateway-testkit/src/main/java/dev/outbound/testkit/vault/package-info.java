/** A Vault KV v2 emulator for tests of code that talks to HashiCorp Vault over its HTTP API. */
package dev.outbound.testkit.vault;
