package io.quicksilver.server.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.Reply;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every Reply method in RESP2 and RESP3, byte for byte as redis-server 7.0.15 writes them. */
class RespWriterTest {

    private static String encode(int protocol, Consumer<Reply> body) {
        Client client = new Client(1, null, 0);
        client.protocol = protocol;
        RespWriter w = new RespWriter(UnpooledByteBufAllocator.DEFAULT, client);
        body.accept(w);
        ByteBuf b = w.take();
        if (b == null) {
            return "";
        }
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    private static void both(String resp2, String resp3, Consumer<Reply> body) {
        assertEquals(resp2, encode(2, body), "RESP2");
        assertEquals(resp3, encode(3, body), "RESP3");
    }

    @Test
    void simpleAndPreEncoded() {
        both("+OK\r\n", "+OK\r\n", r -> r.simple("OK"));
        both("+OK\r\n", "+OK\r\n", Reply::ok);
        both("+PONG\r\n", "+PONG\r\n", r -> r.simple("PONG"));
        both("+QUEUED\r\n", "+QUEUED\r\n", r -> r.simple("QUEUED"));
        both("+hello world\r\n", "+hello world\r\n", r -> r.simple("hello world"));
    }

    @Test
    void bulkFromADirectBufferViewCopiesItsRemainingBytes() {
        java.nio.ByteBuffer slab = java.nio.ByteBuffer.allocateDirect(2048);
        byte[] content = "x".repeat(1000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        slab.put(24, content);
        String expected = "$1000\r\n" + "x".repeat(1000) + "\r\n";
        both(expected, expected, r -> r.bulk(slab.slice(24, 1000)));
        both("$2\r\nxx\r\n", "$2\r\nxx\r\n", r -> r.bulk(slab.slice(30, 2)));
        both("$0\r\n\r\n", "$0\r\n\r\n", r -> r.bulk(slab.slice(30, 0)));
    }

    @Test
    void error() {
        both("-ERR syntax error\r\n", "-ERR syntax error\r\n", r -> r.error("ERR syntax error"));
        both("-ERR caf\u00c3\u00a9\r\n", "-ERR caf\u00c3\u00a9\r\n", r -> r.error("ERR caf\u00e9")); // UTF-8
    }

    @Test
    void integers() {
        both(":0\r\n", ":0\r\n", r -> r.integer(0));
        both(":1\r\n", ":1\r\n", r -> r.integer(1));
        both(":511\r\n", ":511\r\n", r -> r.integer(511));
        both(":512\r\n", ":512\r\n", r -> r.integer(512));
        both(":-1\r\n", ":-1\r\n", r -> r.integer(-1));
        both(":9223372036854775807\r\n", ":9223372036854775807\r\n", r -> r.integer(Long.MAX_VALUE));
        both(":-9223372036854775808\r\n", ":-9223372036854775808\r\n", r -> r.integer(Long.MIN_VALUE));
        both(":1000000000000000000\r\n", ":1000000000000000000\r\n", r -> r.integer(1_000_000_000_000_000_000L));
        both(":1\r\n", ":1\r\n", r -> r.integer(true));
        both(":0\r\n", ":0\r\n", r -> r.integer(false));
    }

    @Test
    void bulks() {
        both("$3\r\nabc\r\n", "$3\r\nabc\r\n", r -> r.bulk("abc".getBytes(StandardCharsets.US_ASCII)));
        both("$0\r\n\r\n", "$0\r\n\r\n", r -> r.bulk(new byte[0]));
        both("$2\r\nbc\r\n", "$2\r\nbc\r\n", r -> r.bulk("abcd".getBytes(StandardCharsets.US_ASCII), 1, 2));
        both("$2\r\n\u00c3\u00a9\r\n", "$2\r\n\u00c3\u00a9\r\n", r -> r.bulk("\u00e9"));
        both("$5\r\nascii\r\n", "$5\r\nascii\r\n", r -> r.bulk("ascii"));
        String big = "x".repeat(1000);
        both("$1000\r\n" + big + "\r\n", "$1000\r\n" + big + "\r\n", r -> r.bulk(big));
        both("$-1\r\n", "_\r\n", r -> r.bulkOrNull(null));
    }

    @Test
    void nulls() {
        both("$-1\r\n", "_\r\n", Reply::nullBulk);
        both("*-1\r\n", "_\r\n", Reply::nullArray);
    }

    @Test
    void aggregates() {
        both("*2\r\n:1\r\n:2\r\n", "*2\r\n:1\r\n:2\r\n", r -> {
            r.array(2);
            r.integer(1);
            r.integer(2);
        });
        both("*0\r\n", "*0\r\n", r -> r.array(0));
        both("*600\r\n", "*600\r\n", r -> r.array(600));
        both("*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n", "%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n", r -> {
            r.map(2);
            r.bulk("a");
            r.integer(1);
            r.bulk("b");
            r.integer(2);
        });
        both("*1\r\n$1\r\nx\r\n", "~1\r\n$1\r\nx\r\n", r -> {
            r.set(1);
            r.bulk("x");
        });
        both("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n", ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n", r -> {
            r.push(3);
            r.bulk("message");
            r.bulk("ch");
            r.bulk("m");
        });
    }

    @Test
    void doubles() {
        // redis-server 7.0.15 ZSCORE replies, RESP2 and after HELLO 3
        both("$3\r\n1.5\r\n", ",1.5\r\n", r -> r.doubleValue(1.5));
        both("$19\r\n0.10000000000000001\r\n", ",0.10000000000000001\r\n", r -> r.doubleValue(0.1));
        both("$5\r\n1e+20\r\n", ",1e+20\r\n", r -> r.doubleValue(1e20));
        both("$1\r\n3\r\n", ",3\r\n", r -> r.doubleValue(3.0));
        both("$3\r\ninf\r\n", ",inf\r\n", r -> r.doubleValue(Double.POSITIVE_INFINITY));
        both("$4\r\n-inf\r\n", ",-inf\r\n", r -> r.doubleValue(Double.NEGATIVE_INFINITY));
    }

    @Test
    void booleansVerbatimBigNumbers() {
        both(":1\r\n", "#t\r\n", r -> r.bool(true));
        both(":0\r\n", "#f\r\n", r -> r.bool(false));
        both("$5\r\nhello\r\n", "=9\r\ntxt:hello\r\n", r -> r.verbatim("txt", "hello".getBytes(StandardCharsets.US_ASCII)));
        both("$3\r\n123\r\n", "(123\r\n", r -> r.bigNumber("123"));
    }

    @Test
    void protocolIsReadPerValueSoHelloSwitchesMidReply() {
        Client client = new Client(1, null, 0);
        RespWriter w = new RespWriter(UnpooledByteBufAllocator.DEFAULT, client);
        w.nullBulk();
        client.protocol = 3;
        w.nullBulk();
        assertEquals(3, w.protocol());
        ByteBuf b = w.take();
        assertEquals("$-1\r\n_\r\n", b.toString(StandardCharsets.US_ASCII));
        b.release();
        assertNull(w.take());
    }

    @Test
    void accumulatesUntilTaken() {
        Client client = new Client(1, null, 0);
        RespWriter w = new RespWriter(UnpooledByteBufAllocator.DEFAULT, client);
        for (int i = 0; i < 1000; i++) {
            w.integer(i);
        }
        int pending = w.pending();
        ByteBuf b = w.take();
        assertEquals(pending, b.readableBytes());
        assertEquals(pending, w.written());
        b.release();
        assertEquals(0, w.pending());
    }

    /**
     * A buffer starts about as large as what the last one held (a pipeline of 1 KiB replies then
     * needs no copy per doubling), within 512 bytes and 64 KiB, and shrinks back after small replies.
     */
    @Test
    void nextBufferIsSizedAfterTheLastTaken() {
        Client client = new Client(1, null, 0);
        RespWriter w = new RespWriter(UnpooledByteBufAllocator.DEFAULT, client);
        assertEquals(512, w.buffer().capacity());
        byte[] value = new byte[1024];
        for (int i = 0; i < 16; i++) {
            w.bulk(value);
        }
        int held = w.pending();
        w.take().release();
        ByteBuf next = w.buffer();
        assertTrue(next.capacity() >= held, next.capacity() + " for " + held);
        for (int i = 0; i < 16; i++) {
            w.bulk(value);
        }
        assertEquals(next.capacity(), w.buffer().capacity(), "the same pipeline fits without growing");
        w.take().release();
        for (int i = 0; i < 200; i++) {
            w.bulk(new byte[1024]);
        }
        w.take().release();
        assertEquals(64 * 1024, w.buffer().capacity(), "at most 64 KiB up front");
        w.ok();
        w.take().release();
        assertEquals(512, w.buffer().capacity(), "back to 512 bytes after a short reply");
        w.discard();
    }
}
