/**
 * The gateway: {@link dev.outbound.gateway.IntegrationGateway} built once per application, and the
 * {@link dev.outbound.gateway.IntegrationClient} every outbound call goes through.
 */
package dev.outbound.gateway;
