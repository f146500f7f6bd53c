/** Implementation details of the configuration module; not an API. */
package dev.outbound.config.internal;
