package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.credentials.InJvmRefreshLock;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.testkit.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InJvmRefreshLockTest extends RefreshLockContract {
    final FakeClock clock = new FakeClock();
    final InJvmRefreshLock lock = new InJvmRefreshLock(clock);

    @Override
    RefreshLock lock() {
        return lock;
    }

    @Override
    RefreshLock otherNode() {
        return lock;
    }

    @Override
    void letExpire(Duration ttl) {
        clock.advance(ttl.plusMillis(1));
    }

    @Test
    void releasedLeasesLeaveNothingBehind() throws Exception {
        for (int i = 0; i < 100; i++) {
            lock.acquire(dev.outbound.gateway.AccountKey.of("crm", "c" + i), Duration.ofSeconds(1), Duration.ZERO)
                    .orElseThrow().close();
        }
        assertThat(lock.heldCount()).isZero();
    }
}
