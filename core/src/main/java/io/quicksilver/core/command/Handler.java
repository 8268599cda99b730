package io.quicksilver.core.command;

/** A command's implementation: reads {@link Context#args}, writes {@link Context#reply}. */
@FunctionalInterface
public interface Handler {
    /**
     * Runs the command. The dispatcher has already checked arity, and holds the locks the
     * command's {@link LockPlan} asked for. Errors found before any reply is written are thrown
     * as {@link CommandException}.
     */
    void handle(Context ctx);
}
