package io.quicksilver.core.command;

/** The server commands. */
public final class ServerCommands implements CommandGroup {

    @Override
    public void register(CommandTable.Binder b) {
    }
}
