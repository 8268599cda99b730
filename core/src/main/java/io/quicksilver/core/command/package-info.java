/**
 * The command layer: the command table as data ({@link io.quicksilver.core.command.CommandSpec},
 * loaded from {@code redis-commands.json}), the {@link io.quicksilver.core.command.Dispatcher},
 * the {@link io.quicksilver.core.command.Reply} writer interface and one class per command group.
 *
 * <p>Adding a command: its spec is in the JSON (from the Redis version we reproduce); bind a
 * method in its group class; test it in the group's test class. Errors are thrown as
 * {@link io.quicksilver.core.command.CommandException} before any reply is written.
 *
 * <p>Threading: see {@code io.quicksilver.core.engine}. Nullness: non-null unless documented.
 */
package io.quicksilver.core.command;
