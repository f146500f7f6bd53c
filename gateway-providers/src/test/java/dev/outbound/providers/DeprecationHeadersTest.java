package dev.outbound.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.providers.stripe.StripeAdapter;
import dev.outbound.testkit.providers.StripeSimulator;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Deprecation and Sunset headers on any response become events, once per day per account and version. */
class DeprecationHeadersTest {

    @Test
    void deprecationAndSunsetHeadersRaiseEventsOncePerDay() {
        try (StripeSimulator sim = StripeSimulator.start(StripeAdapter.DEFAULT_VERSION, "sk_test_1");
             GatewayFixture f = GatewayFixture.builder("stripe", sim.baseUrl())
                     .credential(dev.outbound.gateway.Credential.ApiKey.header("Authorization", "sk_test_1")).build()) {
            sim.simulator().on("GET", "/v1/balance").whenHeader("Stripe-Version", StripeAdapter.DEFAULT_VERSION)
                    .respond(dev.outbound.testkit.Responses.json(200, "{}").withHeader("Deprecation", "@1767225600")
                            .withHeader("Sunset", "Wed, 30 Jun 2027 00:00:00 GMT"));

            f.client().get("v1/balance").execute();
            f.client().get("v1/balance").execute();

            assertThat(f.deprecations()).extracting(DeprecationEvent::kind).containsExactlyInAnyOrder(
                    DeprecationEvent.Kind.DEPRECATION_HEADER, DeprecationEvent.Kind.SUNSET_HEADER);
            assertThat(f.deprecations()).filteredOn(e -> e.kind() == DeprecationEvent.Kind.SUNSET_HEADER)
                    .singleElement().satisfies(e -> {
                        assertThat(e.sunset()).contains(LocalDate.parse("2027-06-30"));
                        assertThat(e.version()).isEqualTo(StripeAdapter.DEFAULT_VERSION);
                    });
            assertThat(f.meters().counter(ProviderMetrics.DEPRECATION_EVENTS, "provider", "stripe", "customer", "acme",
                    "kind", "sunset_header").count()).isEqualTo(2.0);
        }
    }
}
