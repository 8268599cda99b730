package io.quicksilver.server.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every edge of the request decoder, through an EmbeddedChannel; expectations checked against redis-server 7.0.15. */
class RespDecoderTest {

    private EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void write(String s) {
        write(b(s));
    }

    private void write(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** All decoded messages so far: commands as lists of strings, failures as "ERROR:text". */
    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        Object m;
        while ((m = channel.readInbound()) != null) {
            if (m instanceof byte[][] args) {
                out.add(Arrays.stream(args).map(a -> new String(a, StandardCharsets.ISO_8859_1))
                        .collect(Collectors.toList()));
            } else {
                RespDecoder.Failure f = assertInstanceOf(RespDecoder.Failure.class, m);
                out.add("ERROR:" + f.errorLine());
            }
        }
        return out;
    }

    private static List<String> cmd(String... args) {
        return List.of(args);
    }

    /**
     * A decoder whose connection records its read-ahead calls and each command it runs, in order:
     * "ahead NAME" (readAhead), "batch" (beforeBatch), "run NAME", "failure".
     */
    private static final class BatchProbe implements RespDecoder.Limits {
        private final List<String> events = new ArrayList<>();
        private final boolean authRequired;
        private final String stopAt;
        private final EmbeddedChannel channel;

        BatchProbe(boolean authRequired, String stopAt) {
            this.authRequired = authRequired;
            this.stopAt = stopAt;
            this.channel = new EmbeddedChannel(new RespDecoder(this), new io.netty.channel.ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                    events.add(msg instanceof byte[][] a ? "run " + name(a) : "failure");
                }
            });
        }

        private static String name(byte[][] args) {
            return new String(args[0], StandardCharsets.ISO_8859_1);
        }

        /** Feeds {@code input} and returns the events it caused. */
        List<String> feed(String input) {
            events.clear();
            channel.writeInbound(Unpooled.wrappedBuffer(b(input)));
            return List.copyOf(events);
        }

        @Override
        public long maxBulkLength() {
            return 512L << 20;
        }

        @Override
        public long queryBufferLimit() {
            return 1L << 30;
        }

        @Override
        public boolean authRequired() {
            return authRequired;
        }

        @Override
        public boolean readAhead(byte[][] args) {
            events.add("ahead " + name(args));
            return !name(args).equals(stopAt);
        }

        @Override
        public void beforeBatch() {
            events.add("batch");
        }
    }

    @Test
    void decodesAPipelineAheadUntilACommandThatMayChangeHowTheRestIsRead() {
        BatchProbe probe = new BatchProbe(false, "config");
        // the batch's keys are announced before its first command runs; CONFIG ends a batch,
        // and the half-received last command waits for the rest of its bytes
        assertEquals(List.of("ahead get", "ahead get", "ahead config", "batch", "run get", "run get", "run config",
                "ahead PING", "ahead get", "batch", "run PING", "run get"),
                probe.feed("*2\r\n$3\r\nget\r\n$1\r\na\r\n*2\r\n$3\r\nget\r\n$1\r\nb\r\n"
                        + "*3\r\n$6\r\nconfig\r\n$3\r\nget\r\n$1\r\nx\r\nPING\r\n*2\r\n$3\r\nget\r\n$1\r\nc\r\n*2\r\n$3\r\nget"));
        assertEquals(List.of("ahead get", "batch", "run get"), probe.feed("\r\n$1\r\nd\r\n"));
    }

    @Test
    void aClientThatMustAuthenticateIsReadOneCommandAtATime() {
        // Redis's unauthenticated limits must apply only to what comes before a successful AUTH:
        // nothing is decoded ahead of a command while the client is not authenticated
        assertEquals(List.of("batch", "run auth", "batch", "run get"), new BatchProbe(true, "none")
                .feed("*2\r\n$4\r\nauth\r\n$2\r\npw\r\n*2\r\n$3\r\nget\r\n$1\r\na\r\n"));
    }

    @Test
    void aProtocolErrorEndsTheBatchAfterTheCommandsBeforeIt() {
        assertEquals(List.of("ahead get", "batch", "run get", "failure"), new BatchProbe(false, "none")
                .feed("*2\r\n$3\r\nget\r\n$1\r\na\r\n*1\r\nx\r\n*2\r\n$3\r\nget\r\n$1\r\nb\r\n"));
    }

    @Test
    void multibulk() {
        write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n");
        assertEquals(List.of(cmd("SET", "k", "value")), drain());
    }

    @Test
    void splitByteByByte() {
        byte[] all = b("*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\nPING\r\n*1\r\n$4\r\nPING\r\n");
        for (byte x : all) {
            write(new byte[] {x});
        }
        assertEquals(List.of(cmd("ECHO", "hello world"), cmd("PING"), cmd("PING")), drain());
    }

    @Test
    void splitAtEveryPosition() {
        byte[] all = b("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\nSET a \"b c\"\r\n");
        for (int cut = 1; cut < all.length; cut++) {
            channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
            write(Arrays.copyOfRange(all, 0, cut));
            write(Arrays.copyOfRange(all, cut, all.length));
            assertEquals(List.of(cmd("GET", "key"), cmd("SET", "a", "b c")), drain(), "cut at " + cut);
        }
    }

    @Test
    void pipelinedInOneBuffer() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("*2\r\n$4\r\nECHO\r\n$").append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
        }
        write(sb.toString());
        List<Object> got = drain();
        assertEquals(1000, got.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(cmd("ECHO", Integer.toString(i)), got.get(i));
        }
    }

    @Test
    void inlineWithQuotesAndEscapes() {
        write("SET \"a b\" 'c d' \"\\x41\\n\" 'it\\'s' plain\r\n");
        assertEquals(List.of(cmd("SET", "a b", "c d", "A\n", "it's", "plain")), drain());
    }

    @Test
    void inlineLfOnlyAndEmptyLinesIgnored() {
        write("\r\n\n   \r\nPING\nECHO x\r\n");
        assertEquals(List.of(cmd("PING"), cmd("ECHO", "x")), drain());
    }

    @Test
    void inlineUnbalancedQuotes() {
        write("PING\r\nECHO \"abc\r\nPING\r\n");
        assertEquals(List.of(cmd("PING"), "ERROR:ERR Protocol error: unbalanced quotes in request"), drain());
        write("PING\r\n"); // nothing more after an error
        assertEquals(List.of(), drain());
    }

    @Test
    void inlineClosingQuoteMustBeFollowedBySpace() {
        write("ECHO \"a\"b\r\n");
        assertEquals(List.of("ERROR:ERR Protocol error: unbalanced quotes in request"), drain());
    }

    @Test
    void inlineTooBig() {
        byte[] big = new byte[RespDecoder.INLINE_MAX + 1];
        Arrays.fill(big, (byte) 'A');
        write(big);
        assertEquals(List.of("ERROR:ERR Protocol error: too big inline request"), drain());
    }

    @Test
    void inlineJustUnderTheLimitWaits() {
        byte[] big = new byte[RespDecoder.INLINE_MAX];
        Arrays.fill(big, (byte) ' ');
        big[0] = 'P';
        big[1] = 'I';
        big[2] = 'N';
        big[3] = 'G';
        write(big);
        assertEquals(List.of(), drain());
        write("\r\n");
        assertEquals(List.of(cmd("PING")), drain());
    }

    @Test
    void emptyAndNegativeMultibulkAreIgnored() {
        write("*0\r\n*-1\r\n*-10\r\nPING\r\n");
        assertEquals(List.of(cmd("PING")), drain());
    }

    @Test
    void emptyBulk() {
        write("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n");
        assertEquals(List.of(cmd("ECHO", "")), drain());
    }

    @Test
    void binaryBulkWithCrLfInside() {
        write("*2\r\n$4\r\nECHO\r\n$6\r\na\r\n\0\r\n\r\n");
        assertEquals(List.of(cmd("ECHO", "a\r\n\0\r\n")), drain());
    }

    @Test
    void invalidMultibulkLength() {
        for (String bad : new String[] {"*abc\r\n", "*\r\n", "*01\r\n", "*+1\r\n", "*1 \r\n", "*3000000000\r\n",
            "*99999999999999999999\r\n"}) {
            channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
            write(bad);
            assertEquals(List.of("ERROR:ERR Protocol error: invalid multibulk length"), drain(), bad);
        }
    }

    @Test
    void hugeMultibulkCountIsAcceptedWithoutAllocation() {
        // Redis 7.0 accepts up to INT_MAX and allocates argv for at most 1024
        write("*2147483647\r\n$4\r\nPING\r\n");
        assertEquals(List.of(), drain());
    }

    @Test
    void directBuffersSplitAnywhereDecodeTheSame() {
        // what a socket delivers: direct (off-heap) buffers, which the decoder copies from through
        // their internal NIO view; every split point of a pipeline, and a big bulk across reads
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        byte[] head = b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
                + "*2\r\n$4\r\nECHO\r\n$" + big.length + "\r\n");
        byte[] all = new byte[head.length + big.length + 2];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(big, 0, all, head.length, big.length);
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        for (int split : new int[] {1, 7, 20, head.length - 3, head.length + 1, head.length + 70_000, all.length - 1}) {
            channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
            for (int from = 0; from < all.length; from += split) {
                int to = Math.min(all.length, from + split);
                ByteBuf d = Unpooled.directBuffer(to - from);
                d.writeBytes(all, from, to - from);
                channel.writeInbound(d);
            }
            byte[][] set = assertInstanceOf(byte[][].class, channel.readInbound());
            assertEquals("SET k value", String.join(" ", Arrays.stream(set)
                    .map(x -> new String(x, StandardCharsets.ISO_8859_1)).toArray(String[]::new)));
            assertEquals(2, assertInstanceOf(byte[][].class, channel.readInbound()).length);
            byte[][] echo = assertInstanceOf(byte[][].class, channel.readInbound());
            assertArrayEquals(big, echo[1], "split every " + split);
            assertNull(channel.readInbound());
        }
    }

    @Test
    void moreThan1024ArgumentsGrowTheArgumentArrayToTheExactCount() {
        for (int n : new int[] {1024, 1025, 2048, 3000}) {
            StringBuilder sb = new StringBuilder("*" + n + "\r\n");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String a = "a" + i;
                expected.add(a);
                sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            }
            byte[] all = b(sb.toString());
            int half = all.length / 2; // split mid-way: the array grows across reads
            write(Arrays.copyOfRange(all, 0, half));
            write(Arrays.copyOfRange(all, half, all.length));
            Object m = channel.readInbound();
            byte[][] args = assertInstanceOf(byte[][].class, m);
            assertEquals(n, args.length, "no trailing nulls");
            assertEquals(expected, Arrays.stream(args).map(x -> new String(x, StandardCharsets.ISO_8859_1))
                    .collect(Collectors.toList()));
            assertNull(channel.readInbound());
        }
    }

    @Test
    void unauthenticatedLimits() {
        RespDecoder.Limits auth = new RespDecoder.FixedLimits(512L << 20, 1L << 30, true);
        channel = new EmbeddedChannel(new RespDecoder(auth));
        write("*10\r\n");
        assertEquals(List.of(), drain());
        channel = new EmbeddedChannel(new RespDecoder(auth));
        write("*11\r\n");
        assertEquals(List.of("ERROR:ERR Protocol error: unauthenticated multibulk length"), drain());
        channel = new EmbeddedChannel(new RespDecoder(auth));
        write("*2\r\n$16384\r\n");
        assertEquals(List.of(), drain());
        channel = new EmbeddedChannel(new RespDecoder(auth));
        write("*2\r\n$16385\r\n");
        assertEquals(List.of("ERROR:ERR Protocol error: unauthenticated bulk length"), drain());
    }

    @Test
    void invalidBulkLength() {
        for (String bad : new String[] {"*1\r\n$\r\n", "*1\r\n$-1\r\n", "*1\r\n$x\r\n", "*1\r\n$600000000\r\n",
            "*1\r\n$-0\r\n"}) {
            channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
            write(bad);
            assertEquals(List.of("ERROR:ERR Protocol error: invalid bulk length"), drain(), bad);
        }
    }

    @Test
    void bulkLengthFollowsProtoMaxBulkLen() {
        channel = new EmbeddedChannel(new RespDecoder(new RespDecoder.FixedLimits(2 << 20, 1L << 30, false)));
        write("*1\r\n$2097152\r\n");
        assertEquals(List.of(), drain());
        channel = new EmbeddedChannel(new RespDecoder(new RespDecoder.FixedLimits(2 << 20, 1L << 30, false)));
        write("*1\r\n$2097153\r\n");
        assertEquals(List.of("ERROR:ERR Protocol error: invalid bulk length"), drain());
    }

    @Test
    void expectedDollar() {
        write("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n");
        assertEquals(List.of("ERROR:ERR Protocol error: expected '$', got 'f'"), drain());
        channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
        write("*1\r\n\r\n");
        assertEquals(List.of("ERROR:ERR Protocol error: expected '$', got ' '"), drain());
    }

    @Test
    void commandsBeforeAnErrorStillCome() {
        write("PING\r\nPING\r\n*1\r\nxx\r\nPING\r\n");
        assertEquals(List.of(cmd("PING"), cmd("PING"), "ERROR:ERR Protocol error: expected '$', got 'x'"), drain());
    }

    @Test
    void tooBigCountStrings() {
        byte[] digits = new byte[70000];
        Arrays.fill(digits, (byte) '1');
        write(concat(b("*"), digits));
        assertEquals(List.of("ERROR:ERR Protocol error: too big mbulk count string"), drain());
        channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
        write(concat(b("*1\r\n$"), digits));
        assertEquals(List.of("ERROR:ERR Protocol error: too big bulk count string"), drain());
        channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
        write(concat(b("*1\r\n"), digits)); // Redis looks for \r before it looks for '$'
        assertEquals(List.of("ERROR:ERR Protocol error: too big bulk count string"), drain());
    }

    @Test
    void headerSearchStopsAtNul() {
        // strchr stops at a NUL: the line never completes, and errors once too big
        write("*1\0\r\n");
        assertEquals(List.of(), drain());
        byte[] pad = new byte[70000];
        write(pad);
        assertEquals(List.of("ERROR:ERR Protocol error: too big mbulk count string"), drain());
    }

    /**
     * Headers of up to 5 digits are parsed from one 8-byte read when 8 bytes have arrived
     * ({@link RespDecoder#shortHeader}), else byte by byte: every header, good or bad, decodes
     * the same either way (fed whole, the fast path sees it; fed a byte at a time, the decoder
     * looks at each header as soon as its line ends, with fewer than 8 bytes).
     */
    @Test
    void headersDecodeTheSameWhetherReadInOneGoOrByteByByte() {
        String tail = "$4\r\nPING\r\nPING\r\nPING\r\n";
        List<String> inputs = new ArrayList<>();
        for (String count : new String[] {"0", "1", "2", "9", "01", "00", "-1", "-0", "+1", " 1", "1 ", "", "1a",
            "12345", "99999", "123456", "2147483647", "1\0"}) {
            inputs.add("*" + count + "\r\n" + tail);
        }
        for (String len : new String[] {"0", "4", "04", "00", "-1", "x", "", "4 ", "12345", "99999", "100000",
            "600000000", "4\0"}) {
            inputs.add("*2\r\n$" + len + "\r\nPING\r\n" + tail);
            inputs.add("*2\r\n#" + len + "\r\nPING\r\n" + tail);
        }
        inputs.add("*2\rX$4\r\nECHO!!$2\r\nhiZZ" + tail);
        for (String in : inputs) {
            channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
            write(in);
            List<Object> whole = drain();
            channel = new EmbeddedChannel(new RespDecoder(RespDecoder.FixedLimits.DEFAULTS));
            for (byte x : b(in)) {
                write(new byte[] {x});
            }
            assertEquals(drain(), whole, in);
        }
    }

    @Test
    void shortHeaderReadsOneToFiveDigits() {
        assertEquals(0L << 8 | 4, RespDecoder.shortHeader(Unpooled.wrappedBuffer(b("$0\r\nabcd")), 0, (byte) '$'));
        assertEquals(64L << 8 | 5, RespDecoder.shortHeader(Unpooled.wrappedBuffer(b("$64\r\nabc")), 0, (byte) '$'));
        assertEquals(12345L << 8 | 8, RespDecoder.shortHeader(Unpooled.wrappedBuffer(b("*12345\r\n")), 0, (byte) '*'));
        assertEquals(3L << 8 | 4, RespDecoder.shortHeader(Unpooled.wrappedBuffer(b("xx*3\r\n$3\r\n")), 2, (byte) '*'));
        for (String other : new String[] {"$123456\r\n", "$01\r\nabcd", "$-1\r\nabcd", "$1a\r\nabcd", "$\r\nabcde",
            "$64\r\nab", "*64\r\nabc"}) {
            assertEquals(-1, RespDecoder.shortHeader(Unpooled.wrappedBuffer(b(other)), 0, (byte) '$'), other);
        }
    }

    @Test
    void bytesAfterCrAndPayloadAreNotChecked() {
        // Redis skips the byte after \r and the two after a payload without looking at them
        write("*2\rX$4\r\nECHO!!$2\r\nhiZZ");
        assertEquals(List.of(cmd("ECHO", "hi")), drain());
    }

    @Test
    void bigBulkIsNotAllocatedUpFront() {
        RespDecoder decoder = new RespDecoder(RespDecoder.FixedLimits.DEFAULTS);
        channel = new EmbeddedChannel(decoder);
        write("*2\r\n$3\r\nSET\r\n$536870912\r\n");
        assertEquals(List.of(), drain());
        // nothing like the announced 512 MiB was reserved
        assertEquals(0, decoder.queryBufferBytes());
        assertTrue(decoder.reservedForBulk() <= RespDecoder.BIG_ARG, "reserved " + decoder.reservedForBulk());
        write(new byte[100_000]);
        assertTrue(decoder.reservedForBulk() <= 4 * 100_000, "grows with what arrives: " + decoder.reservedForBulk());
    }

    @Test
    void bigBulkArrivesInChunks() {
        RespDecoder decoder = new RespDecoder(RespDecoder.FixedLimits.DEFAULTS);
        channel = new EmbeddedChannel(decoder);
        int len = 1_000_000;
        byte[] payload = new byte[len];
        for (int i = 0; i < len; i++) {
            payload[i] = (byte) (i * 31);
        }
        write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + len + "\r\n");
        int pos = 0;
        int chunk = 7919;
        while (pos < len) {
            int n = Math.min(chunk, len - pos);
            write(Arrays.copyOfRange(payload, pos, pos + n));
            pos += n;
            assertTrue(decoder.queryBufferBytes() <= pos + 64, "query buffer tracks what arrived");
            if (pos < len) {
                assertNull(channel.readInbound());
            }
        }
        write("\r\nPING\r\n");
        byte[][] set = channel.readInbound();
        assertArrayEquals(b("SET"), set[0]);
        assertArrayEquals(payload, set[2]);
        byte[][] ping = channel.readInbound();
        assertArrayEquals(b("PING"), ping[0]);
    }

    @Test
    void bigBulkAllAtOnce() {
        int len = 100_000;
        byte[] payload = new byte[len];
        Arrays.fill(payload, (byte) 'z');
        write(concat(b("*2\r\n$4\r\nECHO\r\n$" + len + "\r\n"), payload, b("\r\n")));
        byte[][] got = channel.readInbound();
        assertArrayEquals(payload, got[1]);
    }

    @Test
    void queryBufferLimitClosesWithoutReply() {
        RespDecoder decoder = new RespDecoder(new RespDecoder.FixedLimits(512L << 20, 1 << 20, false));
        channel = new EmbeddedChannel(decoder);
        write("*2\r\n$3\r\nGET\r\n$2000000\r\n");
        write(new byte[600_000]);
        assertEquals(List.of(), drain());
        write(new byte[600_000]);
        assertEquals(List.of("ERROR:null"), drain());
    }

    @Test
    void garbage() {
        write("\u00ff\u00fe garbage \u0001\r\n");
        assertEquals(List.of(cmd("\u00ff\u00fe", "garbage", "\u0001")), drain());
        write("*1\r\n\u00e9\r\n");
        assertEquals(List.of("ERROR:ERR Protocol error: expected '$', got '\u00e9'"), drain());
    }

    @Test
    void errorBytesRoundTripARawByte() {
        assertArrayEquals(new byte[] {'-', 'E', (byte) 0xE9, '\r', '\n'}, RespDecoder.errorBytes("E\u00e9"));
    }

    @Test
    void string2ll() {
        assertEquals(0, parse("0"));
        assertEquals(-5, parse("-5"));
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(RespDecoder.NOT_A_NUMBER, parse("9223372036854775808"));
        assertEquals(RespDecoder.NOT_A_NUMBER, parse("-"));
        assertEquals(RespDecoder.NOT_A_NUMBER, parse("00"));
        assertEquals(RespDecoder.NOT_A_NUMBER, parse(""));
        assertEquals(RespDecoder.NOT_A_NUMBER, parse("1a"));
    }

    private static long parse(String s) {
        ByteBuf buf = Unpooled.wrappedBuffer(b(s));
        return RespDecoder.string2ll(buf, 0, s.length());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
