package io.quicksilver.core.command;

import io.quicksilver.core.pubsub.PubSub;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pub/sub commands, as Redis 7.0's pubsub.c: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE,
 * PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB's subcommands.
 *
 * <p>A client's subscriptions live in {@link Client#channels()}, {@link Client#patterns()} and
 * {@link Client#shardChannels()}; the engine's {@link PubSub} holds the subscribers of each
 * name. The client set is changed first, then the engine's, so the two agree whenever the client
 * is between commands. (Un)subscription confirmations are push messages (arrays in RESP2), one
 * per name, each carrying the client's count after that step: channels + patterns for the
 * classic kind, shard channels alone for the shard kind (Redis 7.0's subscriptionCount).
 *
 * <p>The RESP2 subscribed context (only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT, RESET) is
 * enforced by the {@link Dispatcher} from {@link Client#subscriptionCount()}.
 *
 * <p>None of these commands touches the keyspace, so they run with no segment lock
 * ({@link LockPlan#NONE}), even SSUBSCRIBE/SUNSUBSCRIBE/SPUBLISH whose key specs name their
 * channels for cluster routing.
 */
public final class PubSubCommands implements CommandGroup {

    /** The PUBSUB HELP lines after the header, as Redis 7.0.15 prints them. */
    private static final String[] HELP = {
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    };

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("subscribe", LockPlan.NONE, this::subscribe)
                .bind("unsubscribe", LockPlan.NONE, this::unsubscribe)
                .bind("psubscribe", LockPlan.NONE, this::psubscribe)
                .bind("punsubscribe", LockPlan.NONE, this::punsubscribe)
                .bind("ssubscribe", LockPlan.NONE, this::ssubscribe)
                .bind("sunsubscribe", LockPlan.NONE, this::sunsubscribe)
                .bind("publish", LockPlan.NONE, this::publish)
                .bind("spublish", LockPlan.NONE, this::spublish)
                .bind("pubsub|channels", LockPlan.NONE, this::channels)
                .bind("pubsub|numsub", LockPlan.NONE, this::numsub)
                .bind("pubsub|numpat", LockPlan.NONE, this::numpat)
                .bind("pubsub|shardchannels", LockPlan.NONE, this::shardChannels)
                .bind("pubsub|shardnumsub", LockPlan.NONE, this::shardNumsub)
                .bind("pubsub|help", LockPlan.NONE, this::help);
    }

    // ---------------------------------------------------------------- the three kinds

    /** Channels, patterns or shard channels: where a client keeps them, how the engine adds them. */
    private enum Kind {
        CHANNEL("subscribe", "unsubscribe"),
        PATTERN("psubscribe", "punsubscribe"),
        SHARD("ssubscribe", "sunsubscribe");

        final String subscribeMsg;
        final String unsubscribeMsg;

        Kind(String subscribeMsg, String unsubscribeMsg) {
            this.subscribeMsg = subscribeMsg;
            this.unsubscribeMsg = unsubscribeMsg;
        }

        Set<ByteBuffer> of(Client c) {
            return switch (this) {
                case CHANNEL -> c.channels;
                case PATTERN -> c.patterns;
                case SHARD -> c.shardChannels;
            };
        }

        /** The count the confirmations carry (Redis's type.subscriptionCount). */
        int count(Client c) {
            return this == SHARD ? c.shardChannels.size() : c.channels.size() + c.patterns.size();
        }

        void add(PubSub ps, byte[] name, Client c) {
            switch (this) {
                case CHANNEL -> ps.subscribe(name, c);
                case PATTERN -> ps.psubscribe(name, c);
                case SHARD -> ps.ssubscribe(name, c);
            }
        }

        void remove(PubSub ps, byte[] name, Client c) {
            switch (this) {
                case CHANNEL -> ps.unsubscribe(name, c);
                case PATTERN -> ps.punsubscribe(name, c);
                case SHARD -> ps.sunsubscribe(name, c);
            }
        }
    }

    private void subscribe(Context ctx) {
        subscribeGeneric(ctx, Kind.CHANNEL);
    }

    private void psubscribe(Context ctx) {
        subscribeGeneric(ctx, Kind.PATTERN);
    }

    private void ssubscribe(Context ctx) {
        if (ctx.client.denyBlocking) {
            // Redis refuses it in EXEC and scripts; SUBSCRIBE/PSUBSCRIBE stay allowed in EXEC
            throw new CommandException("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
        }
        subscribeGeneric(ctx, Kind.SHARD);
    }

    private void unsubscribe(Context ctx) {
        unsubscribeGeneric(ctx, Kind.CHANNEL);
    }

    private void punsubscribe(Context ctx) {
        unsubscribeGeneric(ctx, Kind.PATTERN);
    }

    private void sunsubscribe(Context ctx) {
        unsubscribeGeneric(ctx, Kind.SHARD);
    }

    /**
     * (P|S)SUBSCRIBE name...: for each name, adds it to the client (if new), confirms with the
     * client's count, then registers the client with the engine.
     *
     * <p>The confirmation is written before the registration so that, when the server writes
     * pushes and replies through one ordered queue, no message on the channel can overtake the
     * confirmation of the subscription.
     *
     * @param ctx  the invocation; names are {@code ctx.args[1..]}, kept by reference
     * @param kind which of the three name spaces
     */
    private static void subscribeGeneric(Context ctx, Kind kind) {
        Client c = ctx.client;
        PubSub ps = ctx.engine().pubsub();
        Set<ByteBuffer> mine = kind.of(c);
        for (int i = 1; i < ctx.argc(); i++) {
            byte[] name = ctx.arg(i);
            boolean added = mine.add(ByteBuffer.wrap(name));
            confirm(ctx.reply, kind.subscribeMsg, name, kind.count(c));
            if (added) {
                kind.add(ps, name, c);
            }
        }
    }

    /**
     * (P|S)UNSUBSCRIBE [name...]: with names, removes each (confirming even names the client did
     * not have); without, removes every name of that kind, and when there were none still
     * confirms once with a null name.
     *
     * @param ctx  the invocation
     * @param kind which of the three name spaces
     */
    private static void unsubscribeGeneric(Context ctx, Kind kind) {
        Client c = ctx.client;
        PubSub ps = ctx.engine().pubsub();
        Set<ByteBuffer> mine = kind.of(c);
        if (ctx.argc() == 1) {
            if (mine.isEmpty()) {
                confirm(ctx.reply, kind.unsubscribeMsg, null, kind.count(c));
                return;
            }
            for (ByteBuffer b : new ArrayList<>(mine)) {
                mine.remove(b);
                kind.remove(ps, b.array(), c);
                confirm(ctx.reply, kind.unsubscribeMsg, b.array(), kind.count(c));
            }
            return;
        }
        for (int i = 1; i < ctx.argc(); i++) {
            byte[] name = ctx.arg(i);
            if (mine.remove(ByteBuffer.wrap(name))) {
                kind.remove(ps, name, c);
            }
            confirm(ctx.reply, kind.unsubscribeMsg, name, kind.count(c));
        }
    }

    /** One confirmation: push [kind, name or null, count]. */
    private static void confirm(Reply r, String what, byte[] name, long count) {
        r.push(3);
        r.bulk(what);
        r.bulkOrNull(name);
        r.integer(count);
    }

    /**
     * Forgets every subscription of {@code client} (channels, patterns, shard channels), with no
     * confirmation: what RESET and a closed connection do (Redis's pubsubUnsubscribeAll*(c, 0)).
     * Idempotent. Called on the client's own thread (or once it has stopped running commands).
     *
     * @param client the client whose subscriptions go
     * @param node   the node whose engine holds the subscribers
     */
    public static void unsubscribeAll(Client client, Node node) {
        PubSub ps = node.engine().pubsub();
        for (Kind kind : Kind.values()) {
            Set<ByteBuffer> mine = kind.of(client);
            for (ByteBuffer b : new ArrayList<>(mine)) {
                mine.remove(b);
                kind.remove(ps, b.array(), client);
            }
        }
    }

    // ---------------------------------------------------------------- publishing

    private void publish(Context ctx) {
        ctx.reply.integer(ctx.engine().pubsub().publish(ctx.arg(1), ctx.arg(2)));
    }

    private void spublish(Context ctx) {
        ctx.reply.integer(ctx.engine().pubsub().spublish(ctx.arg(1), ctx.arg(2)));
    }

    // ---------------------------------------------------------------- PUBSUB

    private void channels(Context ctx) {
        checkPatternArgs(ctx);
        names(ctx.reply, ctx.engine().pubsub().channels(ctx.argc() == 3 ? ctx.arg(2) : null));
    }

    private void shardChannels(Context ctx) {
        checkPatternArgs(ctx);
        names(ctx.reply, ctx.engine().pubsub().shardChannels(ctx.argc() == 3 ? ctx.arg(2) : null));
    }

    /** CHANNELS and SHARDCHANNELS take at most one pattern; Redis's subcommand syntax error. */
    private static void checkPatternArgs(Context ctx) {
        if (ctx.argc() > 3) {
            throw new CommandException("ERR unknown subcommand or wrong number of arguments for '"
                    + Errors.sanitize(ctx.argString(1)) + "'. Try "
                    + Errors.sanitize(ctx.argString(0)).toUpperCase(java.util.Locale.ROOT) + " HELP.");
        }
    }

    private static void names(Reply r, List<byte[]> names) {
        r.array(names.size());
        for (byte[] n : names) {
            r.bulk(n);
        }
    }

    private void numsub(Context ctx) {
        PubSub ps = ctx.engine().pubsub();
        ctx.reply.array((ctx.argc() - 2) * 2);
        for (int i = 2; i < ctx.argc(); i++) {
            ctx.reply.bulk(ctx.arg(i));
            ctx.reply.integer(ps.subscribers(ctx.arg(i)));
        }
    }

    private void shardNumsub(Context ctx) {
        PubSub ps = ctx.engine().pubsub();
        ctx.reply.array((ctx.argc() - 2) * 2);
        for (int i = 2; i < ctx.argc(); i++) {
            ctx.reply.bulk(ctx.arg(i));
            ctx.reply.integer(ps.shardSubscribers(ctx.arg(i)));
        }
    }

    private void numpat(Context ctx) {
        ctx.reply.integer(ctx.engine().pubsub().patternCount());
    }

    private void help(Context ctx) {
        ctx.reply.array(HELP.length + 1);
        ctx.reply.simple(Errors.sanitize(ctx.argString(0)).toUpperCase(java.util.Locale.ROOT)
                + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : HELP) {
            ctx.reply.simple(line);
        }
    }
}
