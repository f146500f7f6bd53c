package dev.outbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.outbound.gateway.AccountKey;
import dev.outbound.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-account plan cache on the limiter's hot path: kept while an account is busy, bounded, dropped when idle. */
class PermitPlannerTest {
    private static final AccountKey ACME = RateLimiterCompatibilityTest.ACME;
    private static final AccountKey GLOBEX = RateLimiterCompatibilityTest.GLOBEX;
    private static final AccountKey INITECH = RateLimiterCompatibilityTest.INITECH;
    private static final Duration IDLE = Duration.ofMinutes(1);

    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final RateLimits limits = RateLimits.builder()
            .provider("hubspot", RateLimiterCompatibilityTest.tokens(100, Duration.ofSeconds(10)).toBuilder()
                    .maxConcurrent(3).build())
            .app("hubspot", "private-app", RateLimiterCompatibilityTest.tokens(500, Duration.ofSeconds(10)))
            .providerApp("hubspot", "private-app")
            .build();

    @Test
    void planTakesTheAccountAndAppPermitsUnderKeysNamingThem() {
        PermitPlan plan = new PermitPlanner(limits, clock).planFor(ACME);

        assertThat(plan.pauseKeys()).containsExactly("acct:hubspot:acme:pause", "app:hubspot:private-app:pause");
        assertThat(plan.caps()).extracting(PermitPlan.CapRef::key, PermitPlan.CapRef::limit)
                .containsExactly(tuple("acct:hubspot:acme:conc", 3));
        assertThat(plan.buckets()).extracting(PermitPlan.BucketRef::scope)
                .containsExactly(RateLimitMetrics.SCOPE_ACCOUNT, RateLimitMetrics.SCOPE_APP);
        assertThat(plan.buckets().get(0).key()).startsWith("acct:hubspot:acme:tok:");
        assertThat(plan.buckets().get(1).key()).startsWith("app:hubspot:private-app:tok:");
    }

    @Test
    void aBusyAccountReusesOnePlanInsteadOfBuildingOnePerCall() {
        PermitPlanner planner = new PermitPlanner(limits, clock, 100, IDLE);
        PermitPlan first = planner.planFor(ACME);

        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(30));
            assertThat(planner.planFor(ACME)).isSameAs(first);
        }
    }

    @Test
    void thePlanOfAnAccountIdleLongerThanTheIdleWindowIsDropped() {
        PermitPlanner planner = new PermitPlanner(limits, clock, 100, IDLE);
        PermitPlan idle = planner.planFor(ACME);
        planner.planFor(GLOBEX);

        clock.advance(IDLE.multipliedBy(2));
        planner.planFor(GLOBEX);

        assertThat(planner.cachedPlans()).isEqualTo(1);
        PermitPlan rebuilt = planner.planFor(ACME);
        assertThat(rebuilt).isNotSameAs(idle).isEqualTo(idle);
    }

    @Test
    void keepsNoMorePlansThanItsBoundAndStillPlansTheAccountsBeyondIt() {
        PermitPlanner planner = new PermitPlanner(limits, clock, 2, IDLE);
        planner.planFor(ACME);
        planner.planFor(GLOBEX);

        PermitPlan beyond = planner.planFor(INITECH);

        assertThat(planner.cachedPlans()).isEqualTo(2);
        assertThat(beyond.account()).isEqualTo(INITECH);
        assertThat(beyond.pauseKeys()).first().isEqualTo("acct:hubspot:initech:pause");
        assertThat(planner.planFor(INITECH)).isNotSameAs(beyond).isEqualTo(beyond);
    }

    @Test
    void aScaledPlanKeepsItsPauseKeysButTakesAShareOfEachLimit() {
        PermitPlanner planner = new PermitPlanner(limits, clock);
        PermitPlan plan = planner.planFor(ACME);

        PermitPlan half = planner.scaled(plan, 0.5);

        assertThat(half.pauseKeys()).isEqualTo(plan.pauseKeys());
        assertThat(half.caps()).extracting(PermitPlan.CapRef::limit).containsExactly(1);
        assertThat(half.buckets().get(0).configuration().getBandwidths()[0].getCapacity()).isEqualTo(50);
    }
}
