/**
 * The real services that tests of distributed backends use: {@link dev.outbound.testkit.services.LocalServices}
 * finds the local Redis and PostgreSQL, starts containers where they are missing and Docker is there, and skips
 * (or, with {@code CI=true}, fails) otherwise.
 */
package dev.outbound.testkit.services;
