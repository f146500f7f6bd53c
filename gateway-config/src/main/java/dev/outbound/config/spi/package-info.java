/**
 * Extension points of the configuration module: where configurations live ({@link dev.outbound.config.spi.ConfigStore}),
 * how a provider reports changes ({@link dev.outbound.config.spi.ChangeSource}) and where polling cursors are kept
 * ({@link dev.outbound.config.spi.CursorStore}).
 */
package dev.outbound.config.spi;
