package io.quicksilver.core.command;

/**
 * A class of commands (StringCommands, KeyCommands, ...): binds handlers to the specs of the
 * command table.
 */
public interface CommandGroup {
    void register(CommandTable.Binder binder);
}
