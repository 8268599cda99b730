/**
 * Keyspace events: their classes ({@link io.quicksilver.core.engine.event.NotifyFlags}) and the
 * listener interface that pub/sub notifications, JCache listeners and session listeners share.
 * Non-null throughout. Listeners run on the changing thread under its segment lock.
 */
package io.quicksilver.core.engine.event;
