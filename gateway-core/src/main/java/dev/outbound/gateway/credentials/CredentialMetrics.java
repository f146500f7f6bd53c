package dev.outbound.gateway.credentials;

/** Names of the meters the credential lifecycle registers. Tags: provider, customer, and the event type. */
public final class CredentialMetrics {
    /** Counter: auth events, tagged provider, customer, type ({@link AuthEvent.Type#wireName()}). */
    public static final String AUTH_EVENTS = "outbound.auth.events";
    /** Counter: token-endpoint refreshes attempted by this node, tagged provider, customer, outcome. */
    public static final String REFRESHES = "outbound.auth.refreshes";
    /** Tag key of the event type. */
    public static final String TAG_TYPE = "type";

    private CredentialMetrics() {
    }
}
