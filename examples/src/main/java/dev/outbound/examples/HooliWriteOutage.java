package dev.outbound.examples;

import dev.outbound.gateway.AccountKey;
import dev.outbound.testkit.Responses;
import java.util.regex.Pattern;

/** erp/hooli: an outage on writes, every round, long enough to open the account's circuit. */
final class HooliWriteOutage implements FaultScenario {

    @Override
    public AccountKey account() {
        return AccountKey.of("erp", "hooli");
    }

    @Override
    public void inject(DemoSources.Source source, String path) {
        source.simulator().onPathMatching("PUT", Pattern.quote(path) + "/records/(1[0-9][0-9])")
                .respond(Responses.status(503));
    }
}
