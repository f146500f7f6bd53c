/**
 * Implementation shared by the provider adapters: the classifier base, body readers, OAuth error policy, multipart
 * batch bodies and the adapter base. Public only because the provider packages use it; not an API.
 */
package dev.outbound.providers.internal;
