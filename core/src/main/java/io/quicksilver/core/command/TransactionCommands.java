package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH with Redis's semantics: a command rejected while queueing
 * makes EXEC fail with EXECABORT; a runtime error inside EXEC does not roll anything back; a
 * watched key changed, expired or flushed since WATCH makes EXEC answer a null array.
 */
public final class TransactionCommands implements CommandGroup {

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("multi", this::multi)
                .bind("exec", this::exec)
                .bind("discard", this::discard)
                .bind("watch", this::watch)
                .bind("unwatch", this::unwatch);
    }

    private void multi(Context ctx) {
        if (ctx.client.inMulti()) {
            throw new CommandException("ERR MULTI calls can not be nested");
        }
        ctx.client.multi = new ArrayList<>();
        ctx.client.multiDirty = false;
        ctx.reply.ok();
    }

    private void exec(Context ctx) {
        Client c = ctx.client;
        if (!c.inMulti()) {
            throw new CommandException("ERR EXEC without MULTI");
        }
        if (c.multiDirty) {
            discardTransaction(ctx);
            throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
        }
        ctx.node.dispatcher().exec(c, ctx.reply);
    }

    private void discard(Context ctx) {
        if (!ctx.client.inMulti()) {
            throw new CommandException("ERR DISCARD without MULTI");
        }
        discardTransaction(ctx);
        ctx.reply.ok();
    }

    /** Drops the MULTI queue and every WATCH (DISCARD, EXECABORT, RESET). */
    static void discardTransaction(Context ctx) {
        ctx.client.multi = null;
        ctx.client.multiDirty = false;
        ctx.node.dispatcher().unwatchAll(ctx.client);
    }

    private void watch(Context ctx) {
        Client c = ctx.client;
        if (c.inMulti()) {
            throw new CommandException("ERR WATCH inside MULTI is not allowed");
        }
        Database db = ctx.db();
        for (int i = 1; i < ctx.argc(); i++) {
            byte[] key = ctx.arg(i);
            boolean already = false;
            for (Client.Watched w : c.watched) {
                if (w.db() == c.db && Arrays.equals(w.key(), key)) {
                    already = true;
                    break;
                }
            }
            if (already) {
                continue;
            }
            db.peek(key); // reclaim it now if its time has passed, before we watch
            ctx.engine().watches().watch(c.db, key, c);
            c.watched.add(new Client.Watched(c.db, key));
        }
        ctx.reply.ok();
    }

    private void unwatch(Context ctx) {
        ctx.node.dispatcher().unwatchAll(ctx.client);
        ctx.reply.ok();
    }
}
