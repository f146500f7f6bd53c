package dev.outbound.examples;

import dev.outbound.gateway.AccountKey;
import dev.outbound.testkit.Responses;

/**
 * crm/globex: a 5xx burst on one page that retries get through (a blip: no alert), and one record the CRM keeps
 * failing on, which the customer's "skip" preference steps over.
 */
final class GlobexFlakyCrm implements FaultScenario {

    @Override
    public AccountKey account() {
        return AccountKey.of("crm", "globex");
    }

    @Override
    public void inject(DemoSources.Source source, String path) {
        source.simulator().on("GET", path + "/records?page=2").respond(Responses.status(503), Responses.status(502),
                DemoSources.page(source, 2));
        source.simulator().on("PUT", path + "/records/17").respond(Responses.json(500,
                "{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"An unexpected error occurred\"}"));
    }
}
