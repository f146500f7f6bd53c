package dev.outbound.testkit.limits;

/**
 * One account's rolling window: the times of its last {@code limit} accepted requests, in a ring. A request at
 * {@code now} is accepted when fewer than {@code limit} accepted requests lie in {@code (now - window, now]}; only
 * accepted requests count, as with providers that count the calls they served. O(1) per request, {@code limit}
 * longs of memory. Thread-safe (one lock per account).
 */
final class RollingWindow {
    private final int limit;
    private final long windowNanos;
    private final long[] acceptedAt;
    private int size;
    private int oldest;
    private long accepted;
    private long rejected;

    RollingWindow(int limit, long windowNanos) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("windowNanos must be positive, was " + windowNanos);
        }
        this.limit = limit;
        this.windowNanos = windowNanos;
        this.acceptedAt = new long[limit];
    }

    /** What one request got: accepted, or refused with the time until a slot frees up. */
    record Decision(boolean accepted, int remaining, long nanosUntilSlot) {
    }

    /** Decides a request at {@code nowNanos}; times must come from one clock. */
    synchronized Decision request(long nowNanos) {
        if (size == limit) {
            long freesAt = acceptedAt[oldest] + windowNanos;
            if (freesAt > nowNanos) {
                rejected++;
                return new Decision(false, 0, freesAt - nowNanos);
            }
            acceptedAt[oldest] = nowNanos;
            oldest = (oldest + 1) % limit;
        } else {
            acceptedAt[(oldest + size) % limit] = nowNanos;
            size++;
        }
        accepted++;
        return new Decision(true, limit - inWindow(nowNanos), 0);
    }

    synchronized long accepted() {
        return accepted;
    }

    synchronized long rejected() {
        return rejected;
    }

    /** Accepted requests in {@code (nowNanos - window, nowNanos]}; a binary search, the ring being in time order. */
    synchronized int inWindow(long nowNanos) {
        long start = nowNanos - windowNanos;
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (acceptedAt[(oldest + mid) % limit] > start) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return size - lo;
    }
}
