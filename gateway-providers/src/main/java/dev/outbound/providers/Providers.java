package dev.outbound.providers;

import dev.outbound.errors.ErrorEnvelope;
import dev.outbound.errors.ProviderResponse;
import dev.outbound.errors.spi.ErrorClassifier;
import dev.outbound.providers.coupa.CoupaClassifier;
import dev.outbound.providers.dynamics.DynamicsClassifier;
import dev.outbound.providers.hubspot.HubSpotClassifier;
import dev.outbound.providers.internal.BatchReadingClassifier;
import dev.outbound.providers.internal.GenericProviderClassifier;
import dev.outbound.providers.internal.ODataBatch;
import dev.outbound.providers.netsuite.NetSuiteClassifier;
import dev.outbound.providers.salesforce.SalesforceClassifier;
import dev.outbound.providers.salesforce.SalesforceComposite;
import dev.outbound.providers.sap.SapClassifier;
import dev.outbound.providers.stripe.StripeClassifier;
import dev.outbound.providers.workday.WorkdayClassifier;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one classification entry point: what a tool, a test or a support engineer uses to read a provider response
 * exactly as a live call through the gateway reads it — the same classifier classes back the built-in adapters.
 *
 * <pre>{@code
 * Optional<ErrorEnvelope> e = Providers.classify("salesforce", 403, headers, body);
 * // rate_limited / quota_exhausted for REQUEST_LIMIT_EXCEEDED
 * }</pre>
 *
 * <p>A batch answer is read as a whole: a {@code $batch} (SAP, Dataverse) or Composite (Salesforce) answer with
 * failed parts gives the envelope of its first failed part, category included, even when the answer is a 200. A
 * live call through an adapter is read part by part instead: the batch helpers ({@code SalesforceComposite},
 * {@code SapBatch}, {@code DataverseBatch}) return every part's outcome, each classified by the same classifier.
 *
 * <p>Ids: {@code salesforce}, {@code hubspot}, {@code netsuite}, {@code sap}, {@code coupa}, {@code workday},
 * {@code dynamics}, {@code stripe}, and {@code generic} for any other API. Stateless and thread-safe: the
 * classifiers are immutable and use the system clock (for envelope timestamps and HTTP-date {@code Retry-After}).
 */
public final class Providers {
    /** The id of the classifier for APIs without an adapter of their own. */
    public static final String GENERIC = "generic";

    private static final Map<String, ErrorClassifier> CLASSIFIERS = classifiers(Clock.systemUTC());

    private Providers() {
    }

    /**
     * Classifies one response.
     *
     * @param providerId one of {@link #ids()}
     * @param status the HTTP status, 100 to 999
     * @param headers response headers, names in any case; may be empty
     * @param body the body, or its first bytes; may be empty
     * @return empty for a success, else the error envelope (without call context)
     * @throws IllegalArgumentException for an unknown provider id (the message lists the known ones) or a status
     *     outside 100..999
     */
    public static Optional<ErrorEnvelope> classify(String providerId, int status, Map<String, List<String>> headers,
                                                   byte[] body) {
        ErrorClassifier classifier = classifier(providerId);
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be 100..999, was " + status);
        }
        return classifier.classify(ProviderResponse.of(status, headers == null ? Map.of() : headers,
                body == null ? new byte[0] : body));
    }

    /** The classifier of a provider id. */
    public static ErrorClassifier classifier(String providerId) {
        Objects.requireNonNull(providerId, "providerId");
        ErrorClassifier c = CLASSIFIERS.get(providerId);
        if (c == null) {
            throw new IllegalArgumentException("unknown provider id '" + providerId + "'; known: " + ids()
                    + " (use '" + GENERIC + "' for any other API)");
        }
        return c;
    }

    /** The ids {@link #classify} accepts, built-in providers first, {@code generic} last. */
    public static List<String> ids() {
        return List.copyOf(CLASSIFIERS.keySet());
    }

    /** A classifier per id, on the given clock: the adapters' classifiers, batch-reading where batches exist. */
    static Map<String, ErrorClassifier> classifiers(Clock clock) {
        Map<String, ErrorClassifier> m = new LinkedHashMap<>();
        m.put("salesforce", new BatchReadingClassifier(new SalesforceClassifier(clock),
                SalesforceComposite::firstFailedPart));
        m.put("hubspot", new HubSpotClassifier(clock));
        m.put("netsuite", new NetSuiteClassifier(clock));
        m.put("sap", new BatchReadingClassifier(new SapClassifier(clock), ODataBatch::firstFailedPart));
        m.put("coupa", new CoupaClassifier(clock));
        m.put("workday", new WorkdayClassifier(clock));
        m.put("dynamics", new BatchReadingClassifier(new DynamicsClassifier(clock), ODataBatch::firstFailedPart));
        m.put("stripe", new StripeClassifier(clock));
        m.put(GENERIC, new GenericProviderClassifier(GENERIC, clock));
        return java.util.Collections.unmodifiableMap(m);
    }
}
