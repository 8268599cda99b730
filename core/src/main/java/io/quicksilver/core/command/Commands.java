package io.quicksilver.core.command;

import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.engine.Engine;
import java.util.List;

/** Assembles the standard command table and a {@link Node} around an engine. */
public final class Commands {
    private Commands() {}

    /** Every command group Quicksilver implements. */
    public static List<CommandGroup> standardGroups() {
        return List.of(new StringCommands(), new KeyCommands(), new ConnectionCommands(),
                new ServerCommands(), new TransactionCommands(), new PubSubCommands(),
                new ListCommands(), new SetCommands(), new SortCommand(), new HashCommands(),
                new SortedSetCommands());
    }

    /** A node with the standard commands and the engine's configuration parameters. */
    public static Node node(Engine engine) {
        ConfigRegistry config = new ConfigRegistry();
        Node node = new Node(engine, CommandTable.build(standardGroups()), config);
        EngineConfig.register(node);
        CollectionConfig.register(node);
        EvictionConfig.register(node);
        return node;
    }
}
