/** Implementation details of the rate limiter; not an API. */
package dev.outbound.ratelimit.internal;
