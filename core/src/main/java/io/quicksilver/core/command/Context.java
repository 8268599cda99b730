package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;

/**
 * One invocation of a command: who runs it, its arguments, where its reply goes. Created by the
 * dispatcher per call; used by one thread.
 */
public final class Context {
    public final Node node;
    public final Client client;
    public final byte[][] args;
    public final Reply reply;
    public final CommandSpec spec;

    Context(Node node, Client client, byte[][] args, Reply reply, CommandSpec spec) {
        this.node = node;
        this.client = client;
        this.args = args;
        this.reply = reply;
        this.spec = spec;
    }

    public Engine engine() {
        return node.engine();
    }

    /** The client's selected database. */
    public Database db() {
        return node.engine().db(client.db);
    }

    public int argc() {
        return args.length;
    }

    public byte[] arg(int i) {
        return args[i];
    }

    public String argString(int i) {
        return new String(args[i], StandardCharsets.UTF_8);
    }

    /** Argument {@code i} as a 64-bit integer, with Redis's parse rules and error. */
    public long longArg(int i) {
        return Args.parseLong(args[i]);
    }

    /** True if argument {@code i} is the keyword, case-insensitively. */
    public boolean is(int i, String keyword) {
        return Args.is(args[i], keyword);
    }

    /** Current time in epoch milliseconds, from the engine's clock. */
    public long now() {
        return node.engine().clock().millis();
    }

    /**
     * A lookup for reading (Redis's lookupKeyRead): the live entry or null; counts keyspace hits
     * and misses and fires the "keymiss" event on a miss.
     */
    public Entry lookupRead(byte[] key) {
        Entry e = db().lookup(key);
        if (e == null) {
            node.engine().stats().keyspaceMisses.increment();
            node.engine().notify(client.db, key, NotifyFlags.KEY_MISS, "keymiss");
        } else {
            node.engine().stats().keyspaceHits.increment();
        }
        return e;
    }

    /** A lookup for writing (lookupKeyWrite): the live entry or null, no hit/miss counting. */
    public Entry lookupWrite(byte[] key) {
        return db().lookup(key);
    }

    /** Throws WRONGTYPE unless {@code e} is null or holds a value of {@code type}. */
    public static void checkType(Entry e, ValueType type) {
        if (e != null && e.type() != type) {
            throw Errors.wrongType();
        }
    }

    /**
     * Records a change of {@code key} in the client's database: WATCH, dirty counter, keyspace
     * event. See {@link Engine#keyChanged}.
     */
    public void changed(byte[] key, int type, String event) {
        node.engine().keyChanged(client.db, key, type, event);
    }
}
