package dev.outbound.examples;

import dev.outbound.gateway.AccountKey;
import dev.outbound.testkit.Responses;
import java.util.regex.Pattern;

/** crm/initech: the customer's admin revoked the connected app, so every call is refused as a dead session. */
final class InitechRevokedApp implements FaultScenario {

    @Override
    public AccountKey account() {
        return AccountKey.of("crm", "initech");
    }

    @Override
    public void inject(DemoSources.Source source, String path) {
        source.simulator().onPathMatching("ANY", Pattern.quote(path) + "/.*").respond(Responses.json(401,
                "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));
    }
}
