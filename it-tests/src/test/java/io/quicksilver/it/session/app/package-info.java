/**
 * The web application the Arquillian session test deploys (packaged into its WAR, loaded by the
 * container's web-app class loader): a servlet that does to its session what the query says, a
 * {@code @WebListener} recording every session event, a value that records its binding.
 *
 * <p>Nullness: non-null unless documented. Threading: the event log is a concurrent list.
 */
package io.quicksilver.it.session.app;
