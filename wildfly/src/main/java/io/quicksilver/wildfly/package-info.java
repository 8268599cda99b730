/**
 * Quicksilver HTTP sessions for WildFly and any Undertow servlet container: a
 * {@link io.undertow.servlet.ServletExtension} that gives each deployment a
 * {@link io.undertow.servlet.api.SessionManagerFactory} whose session manager keeps the sessions in
 * the session store ({@link io.quicksilver.session.SessionRepository}), so every server sharing
 * the store sees every session.
 *
 * <p>Nullness: parameters and returns are non-null unless documented ({@code exchange} may be
 * null where Undertow passes none). Threading: the extension and factories run on the deployment
 * thread; a manager is thread-safe; a session object belongs to one request (exchange), whose
 * threads may share it.
 */
package io.quicksilver.wildfly;
