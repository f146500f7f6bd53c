package dev.outbound.gateway.spi;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.AccountSettings;

/**
 * Looks up the per-account settings of a call (base URL, pinned version, attributes). The gateway's default is an
 * in-memory map filled by its builder; configuration stores provide their own. Must be thread-safe and fast: it is
 * consulted on every call.
 */
@FunctionalInterface
public interface AccountDirectory {

    /** The account's settings; {@link AccountSettings#none()} when it has no overrides. */
    AccountSettings settings(AccountKey account);
}
