/**
 * The machinery behind the connection and server-administration commands: the INFO text, the
 * COMMAND INFO/DOCS reply shapes, CLIENT LIST lines, the CLIENT PAUSE state, the latency monitor,
 * the error statistics, HELP replies and the generated {@code docs/commands.md}.
 *
 * <p>Threading: {@link io.quicksilver.core.command.server.ClientPause},
 * {@link io.quicksilver.core.command.server.LatencyMonitor} and
 * {@link io.quicksilver.core.command.server.ErrorStats} are shared by every thread of a node and
 * are thread-safe; the reply writers are stateless. Nullness: parameters and results are non-null
 * unless documented ("or null").
 */
package io.quicksilver.core.command.server;
