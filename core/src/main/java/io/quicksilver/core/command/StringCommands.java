package io.quicksilver.core.command;

/** The string commands. */
public final class StringCommands implements CommandGroup {

    @Override
    public void register(CommandTable.Binder b) {
    }
}
