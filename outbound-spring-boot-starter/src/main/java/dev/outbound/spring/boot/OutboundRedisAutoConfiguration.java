package dev.outbound.spring.boot;

import dev.outbound.gateway.spi.RateLimiter;
import dev.outbound.gateway.spi.RefreshLock;
import dev.outbound.ratelimit.BucketRateLimiter;
import dev.outbound.ratelimit.RedisRateLimitBackend;
import dev.outbound.vault.RedisRefreshLock;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis backends on the application's Lettuce client: its {@link RedisClient} bean, or else the client inside
 * Spring Data Redis's {@link LettuceConnectionFactory} (a standalone one; a cluster client is not used). From it, a
 * {@link RedisRefreshLock} (gateway-vault) for the gateway's token refreshes, keys under
 * {@code <outbound.redis.key-prefix>refresh-lock:}, and, with gateway-ratelimit on the classpath, a
 * {@link BucketRateLimiter} on a {@link RedisRateLimitBackend}, keys under {@code <outbound.redis.key-prefix>rl:}.
 * The lock's connection is opened when the lock is built, so a Redis that cannot be reached then stops the
 * application. Each bean backs off when the application defines a {@link RefreshLock} or {@link RateLimiter}; all of
 * them with {@code outbound.redis.enabled=false}.
 */
@AutoConfiguration(before = OutboundAutoConfiguration.class, afterName = {
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(name = "io.lettuce.core.RedisClient")
@Conditional(OutboundRedisAutoConfiguration.OnRedisClient.class)
@ConditionalOnProperty(prefix = "outbound", name = {"enabled", "redis.enabled"}, havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundRedisAutoConfiguration {

    /**
     * The application has a Redis client to use: its own, or Spring Data Redis's. One condition on the whole class,
     * because conditions on beans that nested classes of the same class define depend on the order they load in.
     */
    static class OnRedisClient extends AnyNestedCondition {
        OnRedisClient() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnSingleCandidate(RedisClient.class)
        static class ItsOwn {
        }

        @ConditionalOnClass(name = LETTUCE_CONNECTION_FACTORY)
        @ConditionalOnSingleCandidate(type = LETTUCE_CONNECTION_FACTORY)
        static class SpringDataRedis {
        }
    }

    private static final String LETTUCE_CONNECTION_FACTORY =
            "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

    /** The application's own {@link RedisClient} bean comes first. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(RedisClient.class)
    static class FromRedisClient {
        @Bean(destroyMethod = "close")
        OutboundRedis outboundRedis(RedisClient client) {
            return new OutboundRedis(client);
        }
    }

    /** Spring Data Redis's connection factory; its client exists once the factory has started (early by default). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = LETTUCE_CONNECTION_FACTORY)
    @ConditionalOnSingleCandidate(type = LETTUCE_CONNECTION_FACTORY)
    @ConditionalOnMissingBean(RedisClient.class)
    static class FromLettuceConnectionFactory {
        @Bean(destroyMethod = "close")
        OutboundRedis outboundRedis(LettuceConnectionFactory factory) {
            if (!factory.isRunning()) {
                // A factory with early startup switched off has no client until the context starts, after this.
                factory.start();
            }
            AbstractRedisClient client = factory.getRequiredNativeClient();
            if (!(client instanceof RedisClient standalone)) {
                throw new IllegalStateException("Outbound's Redis backends need a standalone Redis; the"
                        + " LettuceConnectionFactory holds a " + client.getClass().getSimpleName() + ". Define a"
                        + " RefreshLock and RateLimiter of your own, or set outbound.redis.enabled=false");
            }
            return new OutboundRedis(standalone);
        }
    }

    /** The refresh lock lives in gateway-vault, which an application may leave out. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.outbound.vault.RedisRefreshLock")
    static class RefreshLockOnRedis {
        @Bean
        @ConditionalOnMissingBean(RefreshLock.class)
        RedisRefreshLock outboundRefreshLock(OutboundRedis redis, OutboundProperties properties) {
            return RedisRefreshLock.builder(redis.lockConnection())
                    .keyPrefix(properties.getRedis().refreshLockPrefix()).build();
        }
    }

    /** The rate limiter lives in gateway-ratelimit, which an application may leave out. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.outbound.ratelimit.BucketRateLimiter",
            "io.github.bucket4j.redis.lettuce.Bucket4jLettuce"})
    static class RateLimiterOnRedis {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(RateLimiter.class)
        BucketRateLimiter outboundRateLimiter(OutboundRedis redis, OutboundProperties properties,
                                              ObjectProvider<MeterRegistry> meters) {
            BucketRateLimiter.Builder b = BucketRateLimiter.builder().backend(RedisRateLimitBackend
                    .builder(redis.client()).keyPrefix(properties.getRedis().rateLimitPrefix()).build());
            meters.ifUnique(b::meterRegistry);
            return b.build();
        }
    }
}
