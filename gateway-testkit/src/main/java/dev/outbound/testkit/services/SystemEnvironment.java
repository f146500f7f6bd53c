package dev.outbound.testkit.services;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The real machine: TCP probes, the {@code CI} variable, and Testcontainers when it is on the class path (it is an
 * optional dependency of the testkit, so its classes are touched only through {@link Containers}, after a check).
 */
final class SystemEnvironment implements ServiceEnvironment {
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    @Override
    public boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public String containersUnavailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, SystemEnvironment.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return "Testcontainers is not on the test class path (add org.testcontainers:testcontainers)";
        }
        return Containers.dockerAvailable() ? null : "Docker is not available";
    }

    @Override
    public RedisEndpoint startRedis() {
        return Containers.startRedis();
    }

    @Override
    public PostgresEndpoint startPostgres() {
        return Containers.startPostgres();
    }
}
