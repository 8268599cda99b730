/**
 * MicroProfile Health checks for a Quicksilver server: {@link io.quicksilver.server.health.QuicksilverLiveness}
 * (event loops responsive) and {@link io.quicksilver.server.health.QuicksilverReadiness}
 * (listening, engine up). Annotated for CDI, constructible without it.
 *
 * <p>Threading: checks are thread-safe and may be called concurrently. Nullness: non-null unless
 * documented.
 */
package io.quicksilver.server.health;
