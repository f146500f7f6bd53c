package dev.outbound.examples;

import dev.outbound.gateway.AccountKey;
import dev.outbound.testkit.Responses;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** erp/acme: the ERP rejects the invoices that have no cost center (record-level failures: no alert). */
final class AcmeRejectedInvoices implements FaultScenario {
    /** The invoices the ERP source serves without a cost center. */
    static final Set<Integer> WITHOUT_COST_CENTER = Set.of(13, 42, 99);

    @Override
    public AccountKey account() {
        return AccountKey.of("erp", "acme");
    }

    @Override
    public void inject(DemoSources.Source source, String path) {
        String ids = WITHOUT_COST_CENTER.stream().map(String::valueOf).collect(Collectors.joining("|", "(", ")"));
        source.simulator().onPathMatching("PUT", Pattern.quote(path) + "/records/" + ids).respond(Responses.json(400,
                "{\"error\":{\"code\":\"INVALID_FIELD\",\"message\":\"cost center is required\"}}"));
    }
}
