package dev.outbound.config.polling;

import dev.outbound.config.spi.CursorStore;

class InMemoryCursorStoreTest extends CursorStoreContract {

    private final InMemoryCursorStore store = new InMemoryCursorStore();

    @Override
    CursorStore store() {
        return store;
    }

    /** In memory, "restart" means the same instance: this backend is for tests and demos only. */
    @Override
    CursorStore reopened() {
        return store;
    }
}
