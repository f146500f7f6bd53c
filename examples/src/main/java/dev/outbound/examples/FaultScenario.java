package dev.outbound.examples;

import dev.outbound.gateway.AccountKey;
import java.util.List;
import java.util.Map;

/**
 * One thing going wrong for one customer while the demo runs, scripted on the simulator that customer's records come
 * from. Each scenario is its own small class so that what the demo shows can be read one story at a time.
 */
interface FaultScenario {

    /** The scenarios of the demo, in the order they are scripted. */
    List<FaultScenario> ALL = List.of(new GlobexFlakyCrm(), new InitechRevokedApp(), new UmbrellaRateLimited(),
            new AcmeRejectedInvoices(), new HooliWriteOutage());

    /** The integration the fault hits. */
    AccountKey account();

    /** Scripts the fault; {@code path} is where the account's records are on {@code source}'s simulator. */
    void inject(DemoSources.Source source, String path);

    /**
     * Scripts every scenario, after the ordinary responses so that the faults win.
     *
     * @param paths where each configured account's records are
     * @throws IllegalStateException if a scenario's account is not configured
     */
    static void injectAll(Map<String, DemoSources.Source> sources, Map<AccountKey, String> paths) {
        for (FaultScenario scenario : ALL) {
            AccountKey account = scenario.account();
            String path = paths.get(account);
            if (path == null) {
                throw new IllegalStateException("the demo's faults are scripted for " + account.customerId() + "/"
                        + account.provider() + ", which " + DemoConfig.CONFIG_RESOURCE + " does not configure");
            }
            scenario.inject(sources.get(account.provider()), path);
        }
    }
}
