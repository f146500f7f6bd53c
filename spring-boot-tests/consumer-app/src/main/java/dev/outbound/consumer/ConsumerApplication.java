package dev.outbound.consumer;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.InMemoryCredentialStore;
import dev.outbound.gateway.spi.CredentialStore;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The whole of what an application writes to use Outbound: a credential store. The rest is properties. */
@SpringBootApplication
public class ConsumerApplication {

    @Bean
    CredentialStore credentialStore() {
        return new InMemoryCredentialStore().put(AccountKey.of("crm", "acme"), Credential.ApiKey.header("X-Api-Key",
                "consumer-key-1"));
    }

    public static void main(String[] args) {
        SpringApplication.run(ConsumerApplication.class, args);
    }
}
