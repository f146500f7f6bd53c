package dev.outbound.testkit.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class LocalServicesTest {

    @Test
    void usesTheLocalServiceWhenItAnswersAndStartsNoContainer() {
        FakeEnvironment env = new FakeEnvironment();
        env.reachable = true;
        LocalServices services = new LocalServices(env);

        assertThat(services.redis()).isEqualTo(new RedisEndpoint("127.0.0.1", 6379, ServiceSource.LOCAL));
        assertThat(services.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(services.postgres().username()).isEqualTo("postgres");
        assertThat(env.started).hasValue(0);
    }

    @Test
    void startsAContainerOnceWhenTheLocalServiceIsMissingAndDockerIsThere() {
        FakeEnvironment env = new FakeEnvironment();
        LocalServices services = new LocalServices(env);

        RedisEndpoint first = services.redis();
        RedisEndpoint second = services.redis();

        assertThat(first.source()).isEqualTo(ServiceSource.CONTAINER);
        assertThat(first.uri()).isEqualTo("redis://localhost:32768");
        assertThat(second).isEqualTo(first);
        assertThat(env.started).hasValue(1);
    }

    @Test
    void skipsWithAMessageThatSaysWhatIsMissingOutsideCi() {
        FakeEnvironment env = new FakeEnvironment();
        env.noContainers = "Docker is not available";
        LocalServices services = new LocalServices(env);

        assertThatThrownBy(services::postgres).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("PostgreSQL is not reachable on 127.0.0.1:5432")
                .hasMessageContaining("Docker is not available")
                .hasMessageContaining("with CI=true it fails instead");
    }

    @Test
    void failsInsteadOfSkippingWhenCiIsTrue() {
        FakeEnvironment env = new FakeEnvironment();
        env.noContainers = "Docker is not available";
        env.ci = true;
        LocalServices services = new LocalServices(env);

        assertThatThrownBy(services::redis).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("Redis is not reachable on 127.0.0.1:6379")
                .hasMessageContaining("CI=true, so this test fails");
    }

    @Test
    void aContainerThatDoesNotStartIsReportedAsTheReason() {
        FakeEnvironment env = new FakeEnvironment();
        env.containerFailure = new IllegalStateException("pull access denied for redis");
        LocalServices services = new LocalServices(env);

        assertThatThrownBy(services::redis).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("its container did not start")
                .hasMessageContaining("pull access denied");
    }

    @Test
    void thePostgresPasswordNeverShowsInToString() {
        PostgresEndpoint endpoint = new PostgresEndpoint("db", 5432, "test", "app", "s3cret",
                ServiceSource.CONTAINER);

        assertThat(endpoint.toString()).doesNotContain("s3cret").contains("jdbc:postgresql://db:5432/test");
    }

    private static final class FakeEnvironment implements ServiceEnvironment {
        boolean reachable;
        boolean ci;
        String noContainers;
        RuntimeException containerFailure;
        final AtomicInteger started = new AtomicInteger();

        @Override
        public boolean reachable(String host, int port) {
            return reachable;
        }

        @Override
        public boolean ci() {
            return ci;
        }

        @Override
        public String containersUnavailable() {
            return noContainers;
        }

        @Override
        public RedisEndpoint startRedis() {
            started.incrementAndGet();
            if (containerFailure != null) {
                throw containerFailure;
            }
            return new RedisEndpoint("localhost", 32768, ServiceSource.CONTAINER);
        }

        @Override
        public PostgresEndpoint startPostgres() {
            started.incrementAndGet();
            if (containerFailure != null) {
                throw containerFailure;
            }
            return new PostgresEndpoint("localhost", 32769, "test", "postgres", "", ServiceSource.CONTAINER);
        }
    }
}
