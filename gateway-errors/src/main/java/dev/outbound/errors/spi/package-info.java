/** Extension points of error classification, implemented by provider adapters. */
package dev.outbound.errors.spi;
