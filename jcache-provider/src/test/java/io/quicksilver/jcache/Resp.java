package io.quicksilver.jcache;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.Commands;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.command.Reply;
import io.quicksilver.core.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs RESP commands through core's real dispatcher on an engine, as redis-cli would. */
final class Resp {
    private final Node node;
    private final Client client;

    Resp(Engine engine) {
        this.node = Commands.node(engine);
        this.client = node.clients().open(null, System.currentTimeMillis());
    }

    /** Runs a command; the reply flattened: bulk strings as Strings (null for nil), integers as Longs. */
    List<Object> run(String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        Recorder r = new Recorder();
        node.dispatcher().execute(client, a, r);
        return r.values;
    }

    /** The bulk reply of a command (GET), or null. */
    String bulk(String... args) {
        List<Object> values = run(args);
        if (values.size() != 1) {
            throw new AssertionError("expected one value, got " + values);
        }
        return (String) values.get(0);
    }

    private static final class Recorder implements Reply {
        final List<Object> values = new ArrayList<>();

        @Override public void simple(String status) { values.add(status); }
        @Override public void error(String message) { values.add(new AssertionError(message)); }
        @Override public void integer(long value) { values.add(value); }
        @Override public void bulk(byte[] value) { values.add(new String(value, StandardCharsets.UTF_8)); }
        @Override public void bulk(byte[] value, int offset, int length) {
            values.add(new String(value, offset, length, StandardCharsets.UTF_8));
        }
        @Override public void nullBulk() { values.add(null); }
        @Override public void nullArray() { values.add(null); }
        @Override public void array(int length) { }
        @Override public void map(int pairs) { }
        @Override public void set(int length) { }
        @Override public void push(int length) { }
        @Override public void doubleValue(double value) { values.add(value); }
        @Override public void bool(boolean value) { values.add(value); }
        @Override public void verbatim(String format, byte[] value) { values.add(new String(value, StandardCharsets.UTF_8)); }
        @Override public void bigNumber(String digits) { values.add(digits); }
        @Override public int protocol() { return 2; }
    }
}
