package io.quicksilver.core.command;

/**
 * A command's error reply, thrown by a handler (or an argument parser) before it writes any part
 * of its reply; the dispatcher writes the message as the error. Carries no stack trace.
 */
public final class CommandException extends RuntimeException {
    public CommandException(String message) {
        super(message, null, false, false);
    }
}
