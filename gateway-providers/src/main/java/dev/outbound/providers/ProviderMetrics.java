package dev.outbound.providers;

/**
 * Names of the metrics the provider module records, in one place. Tags stay bounded: provider, customer, kind.
 * Constants only.
 */
public final class ProviderMetrics {
    /** Counter of deprecation events; tags {@code provider}, {@code customer}, {@code kind}. */
    public static final String DEPRECATION_EVENTS = "outbound.provider.deprecation.events";
    /** Gauge of days until the sunset of the version in use; tags {@code provider}, {@code customer}. */
    public static final String VERSION_DAYS_LEFT = "outbound.provider.version.days.left";

    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_CUSTOMER = "customer";
    public static final String TAG_KIND = "kind";

    private ProviderMetrics() {
    }
}
