package dev.outbound.ratelimit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the Redis and PostgreSQL that tests use are there. Missing on a laptop: the test is skipped with a
 * message saying why. Missing with {@code CI=true}: the test fails, because CI must run every backend.
 */
final class Services {
    static final String HOST = "127.0.0.1";
    static final int REDIS_PORT = 6379;
    static final int POSTGRES_PORT = 5432;

    private Services() {
    }

    static void require(String service, int port) {
        if (reachable(port)) {
            return;
        }
        String where = service + " on " + HOST + ":" + port;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(where + " is not reachable and CI=true: CI must provide it, so this test fails "
                    + "instead of being skipped");
        }
        Assumptions.abort(where + " is not reachable; skipping its backend tests (start " + service
                + " to run them; with CI=true they fail instead)");
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
