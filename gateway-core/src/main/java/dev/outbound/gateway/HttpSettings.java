package dev.outbound.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the gateway's one shared HTTP client. Per-provider timeouts live in {@link ProviderPolicy}.
 * Immutable and thread-safe.
 *
 * @param maxIdleConnections idle connections kept in the shared pool
 * @param keepAlive how long an idle connection is kept
 * @param errorCaptureBytes bytes of an error body read and kept at most (the rest is never read into memory)
 * @param maxResponseBytes largest successful body accepted; a larger one fails the call
 * @param maxRedirects redirects followed at most, each checked against the provider's host allowlist
 */
public record HttpSettings(int maxIdleConnections, Duration keepAlive, int errorCaptureBytes, long maxResponseBytes,
                           int maxRedirects) {

    public HttpSettings {
        if (maxIdleConnections < 0) {
            throw new IllegalArgumentException("maxIdleConnections must not be negative, was " + maxIdleConnections);
        }
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (keepAlive.isNegative()) {
            throw new IllegalArgumentException("keepAlive must not be negative, was " + keepAlive);
        }
        if (errorCaptureBytes < 256 || errorCaptureBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("errorCaptureBytes must be in [256, 16 MiB], was " + errorCaptureBytes);
        }
        if (maxResponseBytes < 1024) {
            throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was " + maxResponseBytes);
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("maxRedirects must be in [0, 20], was " + maxRedirects);
        }
    }

    /** 50 idle connections kept 5 minutes, 64 KiB of error body, 64 MiB responses, 5 redirects. */
    public static HttpSettings defaults() {
        return new HttpSettings(50, Duration.ofMinutes(5), 64 * 1024, 64L * 1024 * 1024, 5);
    }

    public HttpSettings withErrorCaptureBytes(int bytes) {
        return new HttpSettings(maxIdleConnections, keepAlive, bytes, maxResponseBytes, maxRedirects);
    }

    public HttpSettings withMaxResponseBytes(long bytes) {
        return new HttpSettings(maxIdleConnections, keepAlive, errorCaptureBytes, bytes, maxRedirects);
    }
}
