package dev.outbound.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the gateway's one shared HTTP client and of how much of a response it will hold. Per-provider timeouts
 * live in {@link ProviderPolicy}. Immutable and thread-safe; build with {@link #builder()} or start from
 * {@link #defaults()} and change one setting with a {@code with...} method. Every setting is checked when the
 * settings are made, and the message names it.
 *
 * <p>Response bodies are counted <em>decoded</em>: a body the provider sends gzip-compressed (because the gateway
 * asked for gzip, or because the caller set {@code Accept-Encoding: gzip} itself) is inflated by the transport while
 * it is read, and every limit below applies to the inflated bytes, checked as they stream in, so no call ever holds
 * more than its limit.
 *
 * @param maxIdleConnections idle connections kept in the shared pool
 * @param keepAlive how long an idle connection is kept
 * @param errorCaptureBytes bytes of an error body read and kept at most (the rest is never read into memory)
 * @param maxResponseBytes largest successful body accepted, decoded; a larger one fails the call with reason
 *     {@code response_too_large}
 * @param maxRedirects redirects followed at most, each checked against the provider's host allowlist
 * @param maxInflationRatio how many decoded bytes one compressed byte may become: once a compressed body has
 *     inflated past {@value #RATIO_CHECKED_AFTER_BYTES} bytes, a ratio of decoded to received bytes above this fails
 *     the call with reason {@code inflation_ratio_exceeded}; ordinary JSON and XML compress 5 to 20 times, a
 *     decompression bomb about 1000 times
 * @param maxBufferedBytesTotal response bytes all calls in flight may hold together, gateway-wide; a call that would
 *     go past it fails with reason {@code gateway_memory_budget} (category {@code rate_limited}: the gateway itself
 *     is saturated and a later attempt may fit). A call's bytes count until the call returns to its caller. At least
 *     {@code maxResponseBytes}, so that one call alone always fits.
 */
public record HttpSettings(int maxIdleConnections, Duration keepAlive, int errorCaptureBytes, long maxResponseBytes,
                           int maxRedirects, int maxInflationRatio, long maxBufferedBytesTotal) {

    /** Decoded bytes below which the inflation ratio is not checked: small bodies cannot hurt, whatever their ratio. */
    public static final long RATIO_CHECKED_AFTER_BYTES = 1024 * 1024;

    private static final long MIB = 1024 * 1024;

    public HttpSettings {
        if (maxIdleConnections < 0) {
            throw new IllegalArgumentException("maxIdleConnections must not be negative, was " + maxIdleConnections);
        }
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (keepAlive.isNegative()) {
            throw new IllegalArgumentException("keepAlive must not be negative, was " + keepAlive);
        }
        if (errorCaptureBytes < 256 || errorCaptureBytes > 16 * MIB) {
            throw new IllegalArgumentException("errorCaptureBytes must be in [256, 16 MiB], was " + errorCaptureBytes);
        }
        if (maxResponseBytes < 1024) {
            throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was " + maxResponseBytes);
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("maxRedirects must be in [0, 20], was " + maxRedirects);
        }
        if (maxInflationRatio < 1) {
            throw new IllegalArgumentException("maxInflationRatio must be at least 1, was " + maxInflationRatio);
        }
        if (maxBufferedBytesTotal < maxResponseBytes || maxBufferedBytesTotal < errorCaptureBytes) {
            throw new IllegalArgumentException("maxBufferedBytesTotal must be at least maxResponseBytes ("
                    + maxResponseBytes + ") and errorCaptureBytes (" + errorCaptureBytes + "), so that one call "
                    + "alone always fits; was " + maxBufferedBytesTotal);
        }
    }

    /**
     * 50 idle connections kept 5 minutes, 64 KiB of error body, 64 MiB responses, 5 redirects, inflation up to 100:1,
     * and a gateway-wide budget of a quarter of the maximum heap, at least 64 MiB and at most 256 MiB.
     */
    public static HttpSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxIdleConnections = maxIdleConnections;
        b.keepAlive = keepAlive;
        b.errorCaptureBytes = errorCaptureBytes;
        b.maxResponseBytes = maxResponseBytes;
        b.maxRedirects = maxRedirects;
        b.maxInflationRatio = maxInflationRatio;
        b.maxBufferedBytesTotal = maxBufferedBytesTotal;
        return b;
    }

    public HttpSettings withErrorCaptureBytes(int bytes) {
        return toBuilder().errorCaptureBytes(bytes).build();
    }

    public HttpSettings withMaxResponseBytes(long bytes) {
        return toBuilder().maxResponseBytes(bytes).build();
    }

    public HttpSettings withMaxInflationRatio(int ratio) {
        return toBuilder().maxInflationRatio(ratio).build();
    }

    public HttpSettings withMaxBufferedBytesTotal(long bytes) {
        return toBuilder().maxBufferedBytesTotal(bytes).build();
    }

    /** The default gateway-wide budget: a quarter of the heap this JVM may grow to, within [64 MiB, 256 MiB]. */
    static long defaultBufferedBytesTotal() {
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        return Math.max(64 * MIB, Math.min(256 * MIB, quarter));
    }

    /**
     * Builds {@link HttpSettings}; {@link #build()} checks every setting. A budget not set is the default one, raised
     * to {@code maxResponseBytes} when that is larger. Not thread-safe.
     */
    public static final class Builder {
        private int maxIdleConnections = 50;
        private Duration keepAlive = Duration.ofMinutes(5);
        private int errorCaptureBytes = 64 * 1024;
        private long maxResponseBytes = 64 * MIB;
        private int maxRedirects = 5;
        private int maxInflationRatio = 100;
        private long maxBufferedBytesTotal;

        private Builder() {
        }

        public Builder maxIdleConnections(int connections) {
            this.maxIdleConnections = connections;
            return this;
        }

        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
            return this;
        }

        public Builder errorCaptureBytes(int bytes) {
            this.errorCaptureBytes = bytes;
            return this;
        }

        public Builder maxResponseBytes(long bytes) {
            this.maxResponseBytes = bytes;
            return this;
        }

        public Builder maxRedirects(int redirects) {
            this.maxRedirects = redirects;
            return this;
        }

        public Builder maxInflationRatio(int ratio) {
            this.maxInflationRatio = ratio;
            return this;
        }

        public Builder maxBufferedBytesTotal(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBufferedBytesTotal must be positive, was " + bytes);
            }
            this.maxBufferedBytesTotal = bytes;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is out of range
         */
        public HttpSettings build() {
            long budget = maxBufferedBytesTotal > 0 ? maxBufferedBytesTotal
                    : Math.max(defaultBufferedBytesTotal(), Math.max(maxResponseBytes, errorCaptureBytes));
            return new HttpSettings(maxIdleConnections, keepAlive, errorCaptureBytes, maxResponseBytes, maxRedirects,
                    maxInflationRatio, budget);
        }
    }
}
