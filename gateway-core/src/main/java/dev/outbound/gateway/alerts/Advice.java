package dev.outbound.gateway.alerts;

import dev.outbound.errors.ErrorCategory;
import dev.outbound.errors.Reasons;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What broke and what to do about it, in words a customer-success person understands: a headline ("Salesforce
 * rejected the login") and the next action ("the customer must reconnect"). Health rows and alert events carry one;
 * the category, reason and provider code stay beside it as detail. {@link #forError} is the one mapping from an error
 * category and reason to advice; every other factory here covers a finding that is not an error. Holds no secret (only
 * the provider's name and the integration's name are put in). Immutable and thread-safe.
 *
 * @param headline what broke, e.g. {@code HubSpot is rate limiting this customer}
 * @param action what to do, e.g. {@code syncs are slowed down, no action needed unless it lasts}
 */
public record Advice(String headline, String action) {
    /** Provider ids whose product names are not the id with a capital letter. */
    private static final Map<String, String> NAMES = Map.of(
            "hubspot", "HubSpot", "netsuite", "NetSuite", "dataverse", "Microsoft Dataverse",
            "dynamics", "Microsoft Dynamics 365", "sap", "SAP", "successfactors", "SAP SuccessFactors");

    public Advice {
        Objects.requireNonNull(headline, "headline");
        Objects.requireNonNull(action, "action");
    }

    /** {@code headline: action}, one sentence for a dashboard cell or an alert's first line. */
    public String sentence() {
        return headline + ": " + action;
    }

    /** A row with nothing wrong. */
    public static Advice healthy() {
        return new Advice("Working", "nothing to do");
    }

    /**
     * The advice for a failure of this category and reason at {@code provider}: the one place that decides what a
     * category means to a person.
     */
    public static Advice forError(String provider, ErrorCategory category, String reason) {
        Objects.requireNonNull(category, "category");
        String p = providerName(provider);
        String r = reason == null ? "" : reason;
        return switch (category) {
            case AUTH_FAILURE -> switch (r) {
                case Reasons.TOKEN_REVOKED -> new Advice(p + " access was revoked",
                        "the customer must reconnect the integration");
                case Reasons.CREDENTIAL_UNAVAILABLE -> new Advice("No " + p + " login is stored for this customer",
                        "the customer must connect the integration");
                case Reasons.PERMISSION_DENIED -> new Advice(p + " refused access: the connected user lacks a "
                        + "permission", "the customer's " + p + " admin must grant it, or reconnect with a user who has it");
                default -> new Advice(p + " rejected the login", "the customer must reconnect");
            };
            case RATE_LIMITED -> switch (r) {
                case Reasons.LOCAL_QUOTA -> new Advice("This customer's " + p + " calls are queued by our rate limit",
                        "syncs are slowed down, no action needed unless it lasts");
                case Reasons.LIMITER_UNAVAILABLE -> new Advice("Our rate-limit service is unreachable",
                        "engineering must check the rate-limit store; the customer need do nothing");
                default -> new Advice(p + " is rate limiting this customer",
                        "syncs are slowed down, no action needed unless it lasts");
            };
            case SERVER_ERROR -> switch (r) {
                case Reasons.CIRCUIT_OPEN -> new Advice(p + " keeps failing, so calls are paused",
                        "nothing to do on our side, calls resume on their own when it recovers");
                case Reasons.VERSION_RETIRED -> new Advice("The " + p + " API version we use was retired",
                        "engineering must move the integration to a newer version");
                case Reasons.MALFORMED_RESPONSE, Reasons.UNEXPECTED_EXCEPTION, Reasons.HOST_NOT_ALLOWED,
                     Reasons.INSECURE_REDIRECT, Reasons.RESPONSE_TOO_LARGE, Reasons.INFLATION_RATIO_EXCEEDED,
                     Reasons.GATEWAY_MEMORY_BUDGET -> new Advice("Calls to " + p + " fail on our side",
                        "engineering must look at it (details below); the customer need do nothing");
                default -> new Advice(p + " is failing (server errors)", "nothing to do on our side, it is retried");
            };
            case TIMEOUT -> new Advice(p + " is not answering in time", "nothing to do on our side, it is retried");
            case VALIDATION_ERROR -> Reasons.MAPPING_FAILED.equals(r)
                    ? new Advice("Some records do not fit the integration's field mapping",
                    "check the mapping or the failed records' data")
                    : new Advice(p + " refused some records as invalid",
                    "check the failed records' data or the field mapping");
            case CONFLICT -> new Advice("Some records changed in " + p + " while we wrote them",
                    "nothing to do unless it repeats: the next sync reads them again");
            case NOT_FOUND -> new Advice("Some records no longer exist in " + p,
                    "check whether they were deleted in " + p + " on purpose");
        };
    }

    /** Refreshing the login fails, but the current one may still work for a while. */
    public static Advice refreshFailing(String provider) {
        return new Advice(providerName(provider) + " login could not be renewed",
                "nothing to do yet, it still works for now; the customer must reconnect if this turns red");
    }

    /** The circuit lets calls through again after an outage. */
    public static Advice recovering(String provider) {
        return new Advice(providerName(provider) + " is recovering", "nothing to do, calls are let through again");
    }

    /** No sync completed within the SLA window and no error says why. */
    public static Advice syncStale(String integration, Duration quiet) {
        String what = integration.isEmpty() ? "This integration" : integration;
        return new Advice(what + " has not completed a sync in " + human(quiet),
                "check that the sync job is scheduled and running");
    }

    /** The last sync did not complete and no error says why. */
    public static Advice syncIncomplete(String integration) {
        String what = integration.isEmpty() ? "the integration" : integration;
        return new Advice("The last sync of " + what + " did not finish", "see the sync's log line for where it stopped");
    }

    /** A custom rule's alert, which has only its own one-line detail. */
    public static Advice other(String detail) {
        return new Advice(detail == null || detail.isEmpty() ? "An alert rule fired" : detail,
                "see the alert's details");
    }

    /** The provider's product name, e.g. {@code HubSpot} for {@code hubspot}. */
    public static String providerName(String provider) {
        Objects.requireNonNull(provider, "provider");
        String known = NAMES.get(provider);
        if (known != null) {
            return known;
        }
        return provider.isEmpty() ? "The provider"
                : Character.toUpperCase(provider.charAt(0)) + provider.substring(1).replace('_', ' ').replace('-', ' ');
    }

    private static String human(Duration d) {
        long h = d.toHours();
        return h >= 48 ? d.toDays() + " days" : h >= 1 ? h + (h == 1 ? " hour" : " hours")
                : Math.max(1, d.toMinutes()) + " minutes";
    }
}
