package dev.outbound.gateway.health;

import dev.outbound.gateway.spi.HealthStore;

class InMemoryHealthStoreTest extends HealthStoreContract {
    private final InMemoryHealthStore store = new InMemoryHealthStore();

    @Override
    HealthStore store() {
        return store;
    }
}
