package io.quicksilver.core.command;

/** The key commands. */
public final class KeyCommands implements CommandGroup {

    @Override
    public void register(CommandTable.Binder b) {
    }
}
