package io.quicksilver.core.command;

/** The connection commands: PING, ECHO, ... */
public final class ConnectionCommands implements CommandGroup {

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("ping", this::ping)
                .bind("echo", this::echo);
    }

    private void ping(Context ctx) {
        if (ctx.argc() > 2) {
            throw new CommandException(Errors.arity("ping"));
        }
        if (ctx.client.protocol == 2 && ctx.client.subscriptionCount() > 0) {
            // RESP2 in subscribed mode: ["pong", message or ""]
            ctx.reply.array(2);
            ctx.reply.bulk("pong");
            ctx.reply.bulk(ctx.argc() == 2 ? ctx.arg(1) : new byte[0]);
        } else if (ctx.argc() == 2) {
            ctx.reply.bulk(ctx.arg(1));
        } else {
            ctx.reply.simple("PONG");
        }
    }

    private void echo(Context ctx) {
        ctx.reply.bulk(ctx.arg(1));
    }
}
