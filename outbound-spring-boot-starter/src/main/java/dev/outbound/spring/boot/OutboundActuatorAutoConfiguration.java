package dev.outbound.spring.boot;

import dev.outbound.gateway.IntegrationGateway;
import dev.outbound.gateway.health.HealthMonitor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator side: the {@code outbound} endpoint and the {@code outbound} health contributor. Spring Boot 4 moved
 * the health API from {@code org.springframework.boot.actuate.health} to
 * {@code org.springframework.boot.health.contributor}; one nested configuration per line, chosen by which package
 * is on the classpath, registers the contributor. Define a bean named {@code outboundHealthIndicator} to replace it.
 */
@AutoConfiguration(after = OutboundAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean({IntegrationGateway.class, HealthMonitor.class})
public class OutboundActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public OutboundReport outboundReport(IntegrationGateway gateway, HealthMonitor monitor) {
        return new OutboundReport(gateway, monitor);
    }

    @Bean
    @ConditionalOnMissingBean
    public OutboundEndpoint outboundEndpoint(OutboundReport report) {
        return new OutboundEndpoint(report);
    }

    /** Spring Boot 3: {@code org.springframework.boot.actuate.health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3Health {
        @Bean
        @ConditionalOnMissingBean(name = "outboundHealthIndicator")
        org.springframework.boot.actuate.health.HealthIndicator outboundHealthIndicator(OutboundReport report) {
            return () -> org.springframework.boot.actuate.health.Health
                    .status(new org.springframework.boot.actuate.health.Status(report.status()))
                    .withDetails(report.healthDetails()).build();
        }
    }

    /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4Health {
        @Bean
        @ConditionalOnMissingBean(name = "outboundHealthIndicator")
        org.springframework.boot.health.contributor.HealthIndicator outboundHealthIndicator(OutboundReport report) {
            return () -> org.springframework.boot.health.contributor.Health
                    .status(new org.springframework.boot.health.contributor.Status(report.status()))
                    .withDetails(report.healthDetails()).build();
        }
    }
}
