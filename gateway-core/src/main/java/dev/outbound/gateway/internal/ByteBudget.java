package dev.outbound.gateway.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway-wide budget of response bytes that calls in flight may hold in memory together
 * ({@code HttpSettings.maxBufferedBytesTotal}). Each call takes a {@link Lease}, reserves bytes before it reads them
 * and gives them all back when it returns to its caller, so that many large (or inflating) responses at once fail
 * some calls instead of the heap. One per gateway; thread-safe.
 */
final class ByteBudget {
    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    ByteBudget(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    long capacity() {
        return capacity;
    }

    /** Bytes reserved by all calls right now. */
    long used() {
        return used.get();
    }

    /** A share of the budget for one call. */
    Lease lease() {
        return new Lease();
    }

    private boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** One call's reservations; used by one thread at a time, like the call's state. */
    final class Lease {
        private long held;

        private Lease() {
        }

        /** Reserves {@code bytes} more, or nothing when the budget has not that much left. */
        boolean tryReserve(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
            }
            if (!ByteBudget.this.tryReserve(bytes)) {
                return false;
            }
            held += bytes;
            return true;
        }

        /** Gives back {@code bytes} of this call's reservations (those it reserved but did not fill). */
        void release(long bytes) {
            if (bytes < 0 || bytes > held) {
                throw new IllegalArgumentException("cannot release " + bytes + " bytes of a lease holding " + held);
            }
            held -= bytes;
            used.addAndGet(-bytes);
        }

        /** Gives back everything this call holds; the call's buffered bodies are no longer the gateway's. */
        void releaseAll() {
            release(held);
        }

        long held() {
            return held;
        }

        long capacity() {
            return capacity;
        }
    }
}
