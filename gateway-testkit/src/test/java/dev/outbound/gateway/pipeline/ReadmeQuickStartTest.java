package dev.outbound.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.outbound.errors.IntegrationException;
import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.GenericRestAdapter;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.testkit.FakeClock;
import dev.outbound.testkit.Responses;
import dev.outbound.testkit.SimulatedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's plain-Java quick start, run as written, prints the failure line the README shows. */
class ReadmeQuickStartTest {
    @Test
    void theQuickStartsFailureLineIsWhatTheCodePrints() throws Exception {
        FakeClock clock = new FakeClock();
        try (SimulatedProvider billing = SimulatedProvider.start();
             IntegrationGateway gateway = IntegrationGateway.builder()
                     .provider(GenericRestAdapter.builder("billing").baseUrl(billing.baseUrl())
                             .apiVersion("v2", GenericRestAdapter.VersionPlacement.PATH).build())
                     .credentialStore(new InMemoryCredentialStore(clock)
                             .put(AccountKey.of("billing", "acme"), Credential.ApiKey.header("X-Api-Key", "k-1234")))
                     .clock(clock).build()) {
            billing.on("GET", "/v2/invoices/in_42").respond(Responses.tooManyRequests(Duration.ofSeconds(30)));

            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> gateway.client("billing", "acme").get("invoices/{id}", "in_42").operation("sync-invoices")
                            .deadline(Duration.ofSeconds(20)).execute());

            String readme = Files.readString(Path.of("..", "README.md"));
            assertThat(readme).contains("// " + e.getMessage());
        }
    }
}
