package dev.outbound.ratelimit;

import dev.outbound.gateway.Priority;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The callers of one account waiting for a permit, in priority order then arrival order. Only the head tries to
 * take permits, so when tokens run short a {@code REALTIME} call that arrives later still goes before a
 * {@code BACKGROUND} one that was already waiting. Thread-safe.
 */
final class WaitQueue {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<Waiter> waiters = new TreeSet<>();

    /** One waiting caller. */
    static final class Waiter implements Comparable<Waiter> {
        private final Priority priority;
        private final long sequence;

        Waiter(Priority priority) {
            this.priority = priority;
            this.sequence = SEQUENCE.incrementAndGet();
        }

        Priority priority() {
            return priority;
        }

        @Override
        public int compareTo(Waiter o) {
            int byPriority = Integer.compare(priority.ordinal(), o.priority.ordinal());
            return byPriority != 0 ? byPriority : Long.compare(sequence, o.sequence);
        }
    }

    /** Adds a waiter of the given priority. */
    Waiter add(Priority priority) {
        Waiter w = new Waiter(priority);
        lock.lock();
        try {
            waiters.add(w);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return w;
    }

    /** Removes a waiter and wakes the others, one of whom may now be the head. */
    void remove(Waiter w) {
        lock.lock();
        try {
            if (waiters.remove(w)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return waiters.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    boolean isHead(Waiter w) {
        lock.lock();
        try {
            return !waiters.isEmpty() && waiters.first() == w;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter to look again (e.g. at its deadline). */
    void signalAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the queue changes or {@code maxNanos} of real time pass, whichever is first. The bound is real
     * time on purpose: deadlines follow the gateway clock, which a test may move without waking anyone.
     */
    void awaitChange(Waiter w, long maxNanos) throws InterruptedException {
        lock.lock();
        try {
            if (!waiters.isEmpty() && waiters.first() != w) {
                changed.await(maxNanos, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
