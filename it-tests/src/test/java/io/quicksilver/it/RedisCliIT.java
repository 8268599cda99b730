package io.quicksilver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code redis-cli} and {@code redis-benchmark} binaries against our server: what a user
 * types in a shell must work as with Redis.
 *
 * <p>When stdout is not a terminal, redis-cli prints replies raw (no quotes, no "(integer)"),
 * errors included, and exits 0 even for error replies; {@code --no-raw} forces the tty form.
 */
class RedisCliIT {
    private static Endpoint server;

    @BeforeAll
    static void start() {
        RedisReference.assumeInstalled("redis-cli");
        server = Servers.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Proc.Result cli(String... args) {
        return cliWithInput(null, args);
    }

    private static Proc.Result cliWithInput(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        return Proc.run(stdin, 30, cmd);
    }

    /** stdout without its final line end. */
    private static String out(Proc.Result r) {
        assertEquals(0, r.exit(), () -> r.toString());
        return r.out().replaceAll("\r?\n$", "");
    }

    @Test
    void ping() {
        assertEquals("PONG", out(cli("PING")));
        assertEquals("hello world", out(cli("PING", "hello world")));
    }

    @Test
    void setAndGet() {
        assertEquals("OK", out(cli("SET", "cli:greeting", "héllo wörld")));
        assertEquals("héllo wörld", out(cli("GET", "cli:greeting")));
        // tty form: quoted, non-ASCII bytes escaped as Redis prints them
        assertEquals("\"h\\xc3\\xa9llo w\\xc3\\xb6rld\"", out(cli("--no-raw", "GET", "cli:greeting")));
        assertEquals("(nil)", out(cli("--no-raw", "GET", "cli:missing")));
        assertEquals("(integer) 1", out(cli("--no-raw", "DEL", "cli:greeting")));
    }

    @Test
    void scanWithPattern() {
        Set<String> expected = new TreeSet<>();
        List<String> mset = new ArrayList<>(List.of("MSET"));
        for (int i = 0; i < 300; i++) {
            String k = "scanme:" + i;
            expected.add(k);
            mset.add(k);
            mset.add("v" + i);
            mset.add("other:" + i);
            mset.add("x");
        }
        assertEquals("OK", out(cli(mset.toArray(String[]::new))));
        Proc.Result r = cli("--scan", "--pattern", "scanme:*");
        Set<String> seen = new TreeSet<>();
        for (String line : out(r).split("\n")) {
            seen.add(line);
        }
        assertEquals(expected, seen);
    }

    @Test
    void infoServerParses() {
        String info = out(cli("INFO", "server"));
        String[] lines = info.split("\r?\n");
        assertEquals("# Server", lines[0]);
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            assertFalse(lines[i].startsWith("#"), "INFO server holds only the Server section: " + info);
            int colon = lines[i].indexOf(':');
            assertTrue(colon > 0, "field line without a colon: " + lines[i]);
            fields.put(lines[i].substring(0, colon), lines[i].substring(colon + 1));
        }
        assertTrue(fields.get("redis_version").matches("\\d+\\.\\d+\\.\\d+"), fields.toString());
        assertEquals(Integer.toString(server.port()), fields.get("tcp_port"));
        assertEquals("standalone", fields.get("redis_mode"));
        long pid = Long.parseLong(fields.get("process_id"));
        assertTrue(pid > 0);
        assertTrue(Long.parseLong(fields.get("uptime_in_seconds")) >= 0);
        assertTrue(fields.containsKey("run_id"), fields.toString());
        assertEquals(40, fields.get("run_id").length(), "run_id is 40 hex chars");
    }

    @Test
    void resp3Hello() {
        // -3 makes redis-cli send HELLO 3 on connect; the explicit HELLO shows the map reply
        String raw = out(cli("-3", "HELLO", "3"));
        Map<String, String> hello = new HashMap<>();
        for (String line : raw.split("\n")) {
            int sp = line.indexOf(' ');
            hello.put(sp < 0 ? line : line.substring(0, sp), sp < 0 ? "" : line.substring(sp + 1));
        }
        assertEquals(Set.of("server", "version", "proto", "id", "mode", "role", "modules"), hello.keySet(), raw);
        assertEquals("3", hello.get("proto"));
        assertEquals("standalone", hello.get("mode"));
        assertEquals("master", hello.get("role"));

        String tty = out(cli("-3", "--no-raw", "HELLO", "3"));
        assertTrue(tty.contains("3# \"proto\" => (integer) 3"), tty);
        assertTrue(tty.contains("7# \"modules\" => (empty array)"), tty);
        // a RESP3 null is printed as (nil) too
        assertEquals("(nil)", out(cli("-3", "--no-raw", "GET", "cli:none")));
    }

    @Test
    void pipeMode() {
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        int n = 1000;
        for (int i = 0; i < n; i++) {
            proto.writeBytes(RespClient.encode("SET", "pipe:" + i, "value-" + i));
        }
        proto.writeBytes(RespClient.encode("INCRBY", "pipe:counter", "5"));
        Proc.Result r = cliWithInput(proto.toByteArray(), "--pipe");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("errors: 0, replies: " + (n + 1)), r::toString);
        assertEquals("value-999", out(cli("GET", "pipe:999")));
        assertEquals("5", out(cli("GET", "pipe:counter")));

        // inline commands through --pipe too, one with an error: counted, exit code 1
        byte[] inline = "SET pipe:a 1\r\nINCR pipe:a\r\nLPOPX pipe:a\r\n".getBytes(StandardCharsets.US_ASCII);
        Proc.Result e = cliWithInput(inline, "--pipe");
        assertTrue(e.out().contains("errors: 1, replies: 3"), e::toString);
        assertEquals(1, e.exit(), e::toString);
        assertEquals("2", out(cli("GET", "pipe:a")));
    }

    @Test
    void badArityError() {
        assertEquals("ERR wrong number of arguments for 'get' command", out(cli("GET")));
        assertEquals("(error) ERR wrong number of arguments for 'set' command", out(cli("--no-raw", "SET", "k")));
        assertEquals("(error) ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' 'b' ",
                out(cli("--no-raw", "NOSUCHCMD", "a", "b")));
    }

    @Test
    void rawOutput() {
        assertEquals("OK", out(cli("SET", "raw:a", "line1\nline2")));
        assertEquals("OK", out(cli("SET", "raw:b", "2")));
        Proc.Result r = cli("--raw", "MGET", "raw:a", "raw:missing", "raw:b");
        assertEquals(0, r.exit());
        // raw: one element per line, the embedded newline kept, nil an empty line
        assertEquals("line1\nline2\n\n2\n", r.out());
        assertEquals("3", out(cli("--raw", "INCR", "raw:b")));
        assertEquals("1) \"line1\\nline2\"\n2) (nil)\n3) \"3\"", out(cli("--no-raw", "MGET", "raw:a", "raw:missing", "raw:b")));
    }

    @Test
    void benchmarkSmoke() {
        RedisReference.assumeInstalled("redis-benchmark");
        Proc.Result r = Proc.run(null, 120, List.of("redis-benchmark", "-h", "127.0.0.1",
                "-p", Integer.toString(server.port()), "-q", "-n", "2000", "-t", "set,get,incr,mset", "-P", "16"));
        assertEquals(0, r.exit(), r::toString);
        String all = r.out() + r.err();
        assertFalse(all.contains("Error"), all);
        for (String test : List.of("SET: ", "GET: ", "INCR: ", "MSET (10 keys): ")) {
            assertTrue(all.contains(test) && all.contains("requests per second"), test + " missing in " + all);
        }
        // without -r the benchmark uses its key names literally: INCR ran 2000 times on one key
        assertEquals("2000", out(cli("GET", "counter:__rand_int__")));
    }
}
