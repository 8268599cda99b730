package io.quicksilver.core.command;

/** The pubsub commands. */
public final class PubSubCommands implements CommandGroup {

    @Override
    public void register(CommandTable.Binder b) {
    }
}
