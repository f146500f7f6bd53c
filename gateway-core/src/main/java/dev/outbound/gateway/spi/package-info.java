/**
 * Extension points of the gateway: where credentials live and how they are refreshed and locked, how calls are
 * rate limited, and how a provider's API is reached. This package never depends on the gateway's implementation.
 */
package dev.outbound.gateway.spi;
