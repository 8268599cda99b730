package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.pubsub.HandOffSubscriber;
import io.quicksilver.core.pubsub.Subscriber;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pub/sub commands through the real dispatcher. Expected replies were taken from Redis 7.0.15
 * (redis-server on loopback, raw RESP).
 */
class PubSubCommandsTest {

    private static List<Object> l(Object... items) {
        return Arrays.asList(items);
    }

    // ---------------------------------------------------------------- confirmations

    @Test
    void subscribeConfirmsEachChannelWithRunningCount() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(List.of(l("subscribe", "x", 1L), l("subscribe", "y", 2L), l("subscribe", "x", 2L)),
                    h.runAll(h.client, "SUBSCRIBE", "x", "y", "x"));
            assertEquals(List.of(l("psubscribe", "p*", 3L)), h.runAll(h.client, "PSUBSCRIBE", "p*"));
            // shard subscriptions are counted on their own (Redis 7.0's clientShardSubscriptionsCount)
            assertEquals(List.of(l("ssubscribe", "s", 1L)), h.runAll(h.client, "SSUBSCRIBE", "s"));
            assertEquals(List.of(l("ssubscribe", "s", 1L), l("ssubscribe", "t", 2L)),
                    h.runAll(h.client, "SSUBSCRIBE", "s", "t"));
            assertEquals(5, h.client.subscriptionCount());
            assertEquals(2, h.client.channels().size());
            assertEquals(1, h.client.patterns().size());
            assertEquals(2, h.client.shardChannels().size());
        }
    }

    @Test
    void unsubscribeNamedAndUnknownChannels() {
        try (CommandHarness h = new CommandHarness()) {
            h.runAll(h.client, "SUBSCRIBE", "x", "y");
            h.runAll(h.client, "PSUBSCRIBE", "x*");
            // a channel the client does not have is confirmed too, count unchanged
            assertEquals(List.of(l("unsubscribe", "zz", 3L), l("unsubscribe", "x", 2L)),
                    h.runAll(h.client, "UNSUBSCRIBE", "zz", "x"));
            assertEquals(List.of(l("punsubscribe", "x*", 1L), l("punsubscribe", "nope", 1L)),
                    h.runAll(h.client, "PUNSUBSCRIBE", "x*", "nope"));
            h.runAll(h.client, "SSUBSCRIBE", "s", "t");
            assertEquals(List.of(l("sunsubscribe", "t", 1L), l("sunsubscribe", "q", 1L)),
                    h.runAll(h.client, "SUNSUBSCRIBE", "t", "q"));
        }
    }

    @Test
    void unsubscribeWithoutArgumentsDropsAllOfThatKind() {
        try (CommandHarness h = new CommandHarness()) {
            h.runAll(h.client, "SUBSCRIBE", "x", "y");
            h.runAll(h.client, "PSUBSCRIBE", "p*");
            h.runAll(h.client, "SSUBSCRIBE", "s");
            List<Object> out = h.runAll(h.client, "UNSUBSCRIBE");
            assertEquals(2, out.size());
            // each step counts what is left: channels + patterns (the order of the names is the
            // order of a hash table in Redis, so only the set of names is compared)
            assertEquals("unsubscribe", ((List<?>) out.get(0)).get(0));
            assertEquals("unsubscribe", ((List<?>) out.get(1)).get(0));
            assertEquals(Set.of("x", "y"), Set.of(((List<?>) out.get(0)).get(1), ((List<?>) out.get(1)).get(1)));
            assertEquals(2L, ((List<?>) out.get(0)).get(2));
            assertEquals(1L, ((List<?>) out.get(1)).get(2));
            assertEquals(List.of(l("punsubscribe", "p*", 0L)), h.runAll(h.client, "PUNSUBSCRIBE"));
            assertEquals(List.of(l("sunsubscribe", "s", 0L)), h.runAll(h.client, "SUNSUBSCRIBE"));
            assertEquals(0, h.client.subscriptionCount());
            assertEquals(0L, h.run("PUBLISH", "x", "m"));
        }
    }

    @Test
    void unsubscribeWithNothingSubscribedRepliesNullName() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(List.of(l("unsubscribe", null, 0L)), h.runAll(h.client, "UNSUBSCRIBE"));
            assertEquals(List.of(l("punsubscribe", null, 0L)), h.runAll(h.client, "PUNSUBSCRIBE"));
            assertEquals(List.of(l("sunsubscribe", null, 0L)), h.runAll(h.client, "SUNSUBSCRIBE"));
            // patterns left do not count for the shard kind
            h.runAll(h.client, "PSUBSCRIBE", "a*");
            assertEquals(List.of(l("sunsubscribe", null, 0L)), h.runAll(h.client, "SUNSUBSCRIBE"));
            assertEquals(List.of(l("unsubscribe", null, 1L)), h.runAll(h.client, "UNSUBSCRIBE"));
        }
    }

    @Test
    void confirmationsArePushesInResp3() {
        try (CommandHarness h = new CommandHarness()) {
            h.client.protocol = 3;
            RecordingShapes r = new RecordingShapes(3);
            h.node.dispatcher().execute(h.client, args("SUBSCRIBE", "x"), r);
            h.node.dispatcher().execute(h.client, args("UNSUBSCRIBE"), r);
            h.node.dispatcher().execute(h.client, args("UNSUBSCRIBE"), r);
            assertEquals(List.of(">3", "$subscribe", "$x", ":1", ">3", "$unsubscribe", "$x", ":0",
                    ">3", "$unsubscribe", "null", ":0"), r.events);
        }
    }

    @Test
    void arityErrors() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR wrong number of arguments for 'subscribe' command", "SUBSCRIBE");
            h.assertError("ERR wrong number of arguments for 'psubscribe' command", "PSUBSCRIBE");
            h.assertError("ERR wrong number of arguments for 'ssubscribe' command", "SSUBSCRIBE");
            h.assertError("ERR wrong number of arguments for 'publish' command", "PUBLISH", "a");
            h.assertError("ERR wrong number of arguments for 'spublish' command", "SPUBLISH", "a", "b", "c");
        }
    }

    // ---------------------------------------------------------------- delivery

    @Test
    void publishDeliversToChannelAndPatternSubscribers() {
        try (CommandHarness h = new CommandHarness()) {
            RecordingConnection conn = new RecordingConnection();
            Client sub = h.newClient(conn);
            h.runAll(sub, "SUBSCRIBE", "xa");
            h.runAll(sub, "PSUBSCRIBE", "x*");
            h.runAll(sub, "SSUBSCRIBE", "xa");
            RecordingConnection conn2 = new RecordingConnection();
            Client sub2 = h.newClient(conn2);
            h.runAll(sub2, "PSUBSCRIBE", "x*", "?a");
            assertTrue(conn.messages().isEmpty(), "confirmations are replies, not pushes");

            // sub gets it twice (channel + pattern), sub2 twice (two patterns)
            assertEquals(4L, h.run("PUBLISH", "xa", "m"));
            assertEquals(List.of(l("message", "xa", "m"), l("pmessage", "x*", "xa", "m")), conn.drain());
            List<Object> got2 = conn2.drain();
            assertEquals(Set.of(l("pmessage", "x*", "xa", "m"), l("pmessage", "?a", "xa", "m")),
                    new HashSet<>(got2));
            assertEquals(2, got2.size());

            // shard channels are a separate space
            assertEquals(1L, h.run("SPUBLISH", "xa", "s"));
            assertEquals(List.of(l("smessage", "xa", "s")), conn.drain());
            assertTrue(conn2.drain().isEmpty());

            assertEquals(0L, h.run("PUBLISH", "nobody", "m"));
            assertEquals(0L, h.run("SPUBLISH", "nobody", "m"));
            assertTrue(conn.messages().isEmpty());
        }
    }

    @Test
    void binaryChannelNamesAndPayloads() {
        try (CommandHarness h = new CommandHarness()) {
            List<byte[][]> got = Collections.synchronizedList(new ArrayList<>());
            byte[] channel = {0, (byte) 0xff, '\r', '\n', 'c'};
            byte[] payload = {(byte) 0x80, 0, 1};
            h.engine.pubsub().subscribe(channel.clone(), new Collecting(got));
            RecordingReply r = new RecordingReply(2);
            h.node.dispatcher().execute(h.client, new byte[][] {ascii("PUBLISH"), channel, payload}, r);
            assertEquals(List.of(1L), r.values());
            assertEquals(1, got.size());
            assertTrue(Arrays.equals(channel, got.get(0)[0]));
            assertTrue(Arrays.equals(payload, got.get(0)[1]));
        }
    }

    @Test
    void aFailingSubscriberDoesNotStopTheOthers() {
        try (CommandHarness h = new CommandHarness()) {
            List<byte[][]> got = Collections.synchronizedList(new ArrayList<>());
            Subscriber bad = new Collecting(null) {
                @Override
                public void message(byte[] c, byte[] m) {
                    throw new IllegalStateException("boom");
                }
            };
            h.engine.pubsub().subscribe(ascii("c"), bad);
            h.engine.pubsub().subscribe(ascii("c"), new Collecting(got));
            assertEquals(2L, h.run("PUBLISH", "c", "m"));
            assertEquals(1, got.size());
        }
    }

    // ---------------------------------------------------------------- subscribed context

    @Test
    void resp2SubscribedContextAllowsOnlyPubSubPingQuitReset() {
        try (CommandHarness h = new CommandHarness()) {
            h.runAll(h.client, "SUBSCRIBE", "x");
            h.assertError("ERR Can't execute 'echo': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
                    + "QUIT / RESET are allowed in this context", "ECHO", "a");
            h.assertError("ERR Can't execute 'publish': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
                    + "QUIT / RESET are allowed in this context", "PUBLISH", "a", "b");
            assertEquals(l("pong", ""), h.run("PING"));
            assertEquals(l("pong", "hi"), h.run("PING", "hi"));
            // a shard subscription alone keeps the client in the context
            h.runAll(h.client, "SSUBSCRIBE", "s");
            h.runAll(h.client, "UNSUBSCRIBE");
            assertInstanceOf(RecordingReply.Err.class, h.run("ECHO", "a"));
            h.runAll(h.client, "SUNSUBSCRIBE");
            assertEquals("a", h.run("ECHO", "a"));
            assertEquals("PONG", h.run("PING"));
        }
    }

    @Test
    void resp3SubscribedClientRunsAnything() {
        try (CommandHarness h = new CommandHarness()) {
            RecordingConnection conn = new RecordingConnection(3);
            Client c = h.newClient(conn);
            c.protocol = 3;
            h.runAll(c, "SUBSCRIBE", "x");
            assertEquals("a", h.run(c, "ECHO", "a"));
            assertEquals("PONG", h.run(c, "PING"));
            assertEquals(1L, h.run(c, "PUBLISH", "x", "self"));
            assertEquals(List.of(l("message", "x", "self")), conn.drain());
        }
    }

    @Test
    void subscribeInsideMultiAndShardSubscribeRefusedThere() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("MULTI");
            assertEquals("QUEUED", h.run("SUBSCRIBE", "a", "b"));
            assertEquals("QUEUED", h.run("SSUBSCRIBE", "a"));
            // Redis writes EXEC's header for 2 replies, then SUBSCRIBE's two pushes and the
            // SSUBSCRIBE error: 3 values where 2 were announced, the stream shows it as is
            List<Object> out = h.runAll(h.client, "EXEC");
            assertEquals(List.of(l(l("subscribe", "a", 1L), l("subscribe", "b", 2L)),
                    new RecordingReply.Err("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client")), out);
            assertEquals(2, h.client.channels().size());
            assertEquals(0, h.client.shardChannels().size());
            assertFalse(h.client.denyBlocking, "reset after EXEC");
            assertEquals(List.of(l("ssubscribe", "a", 1L)), h.runAll(h.client, "SSUBSCRIBE", "a"));
        }
    }

    // ---------------------------------------------------------------- PUBSUB

    @Test
    void pubsubIntrospection() {
        try (CommandHarness h = new CommandHarness()) {
            Client a = h.newClient();
            Client b = h.newClient();
            h.runAll(a, "SUBSCRIBE", "news.1", "news.2", "other");
            h.runAll(b, "SUBSCRIBE", "news.1");
            h.runAll(a, "PSUBSCRIBE", "x*");
            h.runAll(b, "PSUBSCRIBE", "x*", "y*");
            h.runAll(b, "SSUBSCRIBE", "sh1", "sh2");

            assertEquals(Set.of("news.1", "news.2", "other"), new HashSet<>((List<?>) h.run("PUBSUB", "CHANNELS")));
            assertEquals(Set.of("news.1", "news.2"), new HashSet<>((List<?>) h.run("PUBSUB", "channels", "news.*")));
            assertEquals(List.of(), h.run("PUBSUB", "CHANNELS", "zz*"));
            assertEquals(l("news.1", 2L, "other", 1L, "none", 0L),
                    h.run("PUBSUB", "NUMSUB", "news.1", "other", "none"));
            assertEquals(List.of(), h.run("PUBSUB", "NUMSUB"));
            assertEquals(2L, h.run("PUBSUB", "NUMPAT"), "distinct patterns, as Redis 7.0");
            assertEquals(Set.of("sh1", "sh2"), new HashSet<>((List<?>) h.run("PUBSUB", "SHARDCHANNELS")));
            assertEquals(List.of("sh2"), h.run("PUBSUB", "SHARDCHANNELS", "*2"));
            assertEquals(l("sh1", 1L, "news.1", 0L), h.run("PUBSUB", "SHARDNUMSUB", "sh1", "news.1"));
            assertEquals(List.of(), h.run("PUBSUB", "SHARDNUMSUB"));

            h.runAll(b, "UNSUBSCRIBE", "news.1");
            h.runAll(b, "PUNSUBSCRIBE");
            assertEquals(l("news.1", 1L), h.run("PUBSUB", "NUMSUB", "news.1"));
            assertEquals(1L, h.run("PUBSUB", "NUMPAT"));
            h.runAll(a, "UNSUBSCRIBE", "other");
            assertEquals(Set.of("news.1", "news.2"), new HashSet<>((List<?>) h.run("PUBSUB", "CHANNELS")),
                    "a channel nobody listens on is gone");
        }
    }

    @Test
    void pubsubErrorsAndHelp() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.",
                    "pubsub", "channels", "a", "b");
            h.assertError("ERR unknown subcommand or wrong number of arguments for 'SHARDCHANNELS'. Try PUBSUB HELP.",
                    "PUBSUB", "SHARDCHANNELS", "a", "b");
            h.assertError("ERR wrong number of arguments for 'pubsub|numpat' command", "PUBSUB", "NUMPAT", "x");
            h.assertError("ERR unknown subcommand 'foo'. Try PUBSUB HELP.", "PUBSUB", "foo");
            h.assertError("ERR wrong number of arguments for 'pubsub' command", "PUBSUB");
            List<?> help = (List<?>) h.run("PUBSUB", "HELP");
            assertEquals(14, help.size());
            assertEquals("PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
            assertEquals("CHANNELS [<pattern>]", help.get(1));
            assertEquals("    Prints this help.", help.get(13));
        }
    }

    // ---------------------------------------------------------------- cleanup

    @Test
    void disconnectForgetsEverythingTheNodeKeepsForTheClient() {
        try (CommandHarness h = new CommandHarness()) {
            RecordingConnection conn = new RecordingConnection();
            Client c = h.newClient(conn);
            h.runAll(c, "SUBSCRIBE", "ch");
            h.runAll(c, "PSUBSCRIBE", "p*");
            h.runAll(c, "SSUBSCRIBE", "sh");
            Client w = h.newClient();
            h.run(w, "WATCH", "k1", "k2");
            h.run(w, "MULTI");
            h.run(w, "PING");
            h.node.clients().addMonitor(c);
            c.monitor = true;
            assertEquals(2, h.engine.watches().size());

            h.node.dispatcher().disconnect(c);
            h.node.dispatcher().disconnect(w);
            h.node.dispatcher().disconnect(w); // idempotent

            assertEquals(0L, h.run("PUBLISH", "ch", "m"));
            assertEquals(0L, h.run("PUBLISH", "pa", "m"));
            assertEquals(0L, h.run("SPUBLISH", "sh", "m"));
            assertEquals(0L, h.run("PUBSUB", "NUMPAT"));
            assertEquals(List.of(), h.run("PUBSUB", "CHANNELS"));
            assertEquals(List.of(), h.run("PUBSUB", "SHARDCHANNELS"));
            assertEquals(0, c.subscriptionCount());
            assertEquals(0, h.engine.watches().size(), "no watched key left behind");
            assertEquals(0, w.watchedCount());
            assertFalse(w.inMulti());
            assertNull(h.node.clients().byId(c.id()));
            assertNull(h.node.clients().byId(w.id()));
            assertFalse(h.node.clients().monitors().contains(c));
            assertFalse(c.monitor);
            assertTrue(conn.messages().isEmpty());
        }
    }

    @Test
    void unsubscribeAllIsSilentForReset() {
        try (CommandHarness h = new CommandHarness()) {
            RecordingConnection conn = new RecordingConnection();
            Client c = h.newClient(conn);
            h.runAll(c, "SUBSCRIBE", "ch");
            h.runAll(c, "PSUBSCRIBE", "p*");
            h.runAll(c, "SSUBSCRIBE", "sh");
            PubSubCommands.unsubscribeAll(c, h.node);
            assertEquals(0, c.subscriptionCount());
            assertEquals(0L, h.run("PUBLISH", "pch", "m"));
            assertTrue(conn.messages().isEmpty());
            assertEquals("a", h.run(c, "ECHO", "a"), "out of the subscribed context");
            assertTrue(h.node.clients().byId(c.id()) != null, "RESET keeps the client connected");
        }
    }

    // ---------------------------------------------------------------- in-process subscribers

    @Test
    void publishingTakesNoSegmentLock() throws Exception {
        try (CommandHarness h = new CommandHarness()) {
            RecordingConnection conn = new RecordingConnection();
            Client sub = h.newClient(conn);
            h.runAll(sub, "SUBSCRIBE", "c");
            h.runAll(sub, "PSUBSCRIBE", "*");
            ExecutorService other = Executors.newSingleThreadExecutor();
            try (Locks all = h.engine.lockAll()) {
                // every segment of every database is held by this thread; publishing elsewhere
                // must still go through
                Future<Object> f = other.submit(() -> h.run(h.newClient(), "PUBLISH", "c", "m"));
                assertEquals(2L, f.get(5, TimeUnit.SECONDS));
            } finally {
                other.shutdownNow();
            }
            assertEquals(2, conn.messages().size());
        }
    }

    @Test
    void handOffSubscriberKeepsOrderOffThePublisherThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (CommandHarness h = new CommandHarness()) {
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            Set<Thread> threads = Collections.synchronizedSet(new HashSet<>());
            CountDownLatch done = new CountDownLatch(1000);
            Subscriber target = new Collecting(null) {
                @Override
                public void message(byte[] c, byte[] m) {
                    threads.add(Thread.currentThread());
                    got.add(new String(m, StandardCharsets.US_ASCII));
                    done.countDown();
                }
            };
            HandOffSubscriber handOff = new HandOffSubscriber(target, pool);
            h.engine.pubsub().subscribe(ascii("c"), handOff);
            for (int i = 0; i < 1000; i++) {
                h.engine.pubsub().publish(ascii("c"), ascii(Integer.toString(i)));
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                expected.add(Integer.toString(i));
            }
            assertEquals(expected, got);
            assertFalse(threads.contains(Thread.currentThread()));
            assertEquals(0, handOff.dropped());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void handOffSubscriberDropsBeyondCapacity() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            Subscriber slow = new Collecting(null) {
                @Override
                public void message(byte[] c, byte[] m) {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    got.add(new String(m, StandardCharsets.US_ASCII));
                }
            };
            HandOffSubscriber handOff = new HandOffSubscriber(slow, pool, 2);
            handOff.message(ascii("c"), ascii("0"));
            assertTrue(started.await(5, TimeUnit.SECONDS)); // "0" is being delivered
            handOff.message(ascii("c"), ascii("1"));
            handOff.message(ascii("c"), ascii("2"));
            handOff.message(ascii("c"), ascii("3")); // over capacity: dropped
            assertEquals(1, handOff.dropped());
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of("0", "1", "2"), got);
            assertEquals(0, handOff.pending());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- helpers

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[][] args(String... a) {
        byte[][] out = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** An in-process subscriber that records (channel, message) of plain messages. */
    static class Collecting implements Subscriber {
        private final List<byte[][]> sink;

        Collecting(List<byte[][]> sink) {
            this.sink = sink;
        }

        @Override
        public void message(byte[] channel, byte[] message) {
            sink.add(new byte[][] {channel, message});
        }

        @Override
        public void patternMessage(byte[] pattern, byte[] channel, byte[] message) {
            sink.add(new byte[][] {channel, message});
        }

        @Override
        public void shardMessage(byte[] channel, byte[] message) {
            sink.add(new byte[][] {channel, message});
        }
    }

    /** A Reply that records the wire shape (RESP3 type markers), to tell pushes from arrays. */
    static final class RecordingShapes implements Reply {
        final List<String> events = new ArrayList<>();
        private final int protocol;

        RecordingShapes(int protocol) {
            this.protocol = protocol;
        }

        @Override public void simple(String s) { events.add("+" + s); }
        @Override public void error(String m) { events.add("-" + m); }
        @Override public void integer(long v) { events.add(":" + v); }
        @Override public void bulk(byte[] v) { events.add("$" + new String(v, StandardCharsets.UTF_8)); }
        @Override public void bulk(byte[] v, int o, int n) { events.add("$" + new String(v, o, n, StandardCharsets.UTF_8)); }
        @Override public void nullBulk() { events.add("null"); }
        @Override public void nullArray() { events.add("null*"); }
        @Override public void array(int n) { events.add("*" + n); }
        @Override public void map(int n) { events.add("%" + n); }
        @Override public void set(int n) { events.add("~" + n); }
        @Override public void push(int n) { events.add(">" + n); }
        @Override public void doubleValue(double v) { events.add("," + v); }
        @Override public void bool(boolean v) { events.add("#" + v); }
        @Override public void verbatim(String f, byte[] v) { events.add("=" + new String(v, StandardCharsets.UTF_8)); }
        @Override public void bigNumber(String d) { events.add("(" + d); }
        @Override public int protocol() { return protocol; }
    }
}
