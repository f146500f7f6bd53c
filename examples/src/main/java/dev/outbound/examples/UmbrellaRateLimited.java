package dev.outbound.examples;

import dev.outbound.gateway.AccountKey;
import dev.outbound.testkit.Responses;
import java.time.Duration;

/** erp/umbrella: rate limited twice on one page, with Retry-After (a single 429 episode: no alert). */
final class UmbrellaRateLimited implements FaultScenario {

    @Override
    public AccountKey account() {
        return AccountKey.of("erp", "umbrella");
    }

    @Override
    public void inject(DemoSources.Source source, String path) {
        source.simulator().on("GET", path + "/records?page=1").respond(
                Responses.tooManyRequests(Duration.ofSeconds(1)), Responses.tooManyRequests(Duration.ofSeconds(1)),
                DemoSources.page(source, 1));
    }
}
