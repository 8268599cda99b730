package io.quicksilver.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes what redis-server accepts from a client into commands: RESP multibulk requests
 * ({@code *<n>\r\n$<len>\r\n<bytes>\r\n...}) and inline commands ({@code PING\r\n}, split as
 * {@link SplitArgs#split}). Each command is emitted as a {@code byte[][]}; empty lines,
 * {@code *0} and negative counts are ignored, as Redis ignores them.
 *
 * <p>Redis 7.0's networking.c is the reference, checked against redis-server 7.0.15: a header
 * line is searched for {@code \r} (inline: {@code \n}) only up to the first NUL byte, as strchr
 * does; the byte after {@code \r}, and the two after a bulk payload, are skipped unchecked; the
 * protocol errors carry Redis's exact text. After an error the decoder emits a {@link Failure}
 * and swallows all further input; the connection replies with it and closes.
 *
 * <p>Memory: a declared length is never allocated up front. A bulk of 32 KiB or more
 * ({@code PROTO_MBULK_BIG_ARG}) is copied out of the cumulation as it arrives into an array
 * that grows with what was received (doubling, capped at the declared length), so announcing
 * {@code $536870912} and sending nothing costs nothing. The query buffer (unparsed bytes plus
 * the partial bulk) is held to {@link Limits#queryBufferLimit()}: over it the client is closed
 * without a reply, as Redis does.
 *
 * <p>A long argument (512 bytes to 32 KiB) may be read into an array a command handed back
 * ({@link SpareArguments}) rather than a new one.
 *
 * <p>Pipelines: by default each command is handed to the connection before the next is read, as
 * Redis reads its query buffer one command at a time. The connection may let the decoder read
 * ahead over plain keyed commands ({@link Limits#readAhead}), so that a batch is decoded at once
 * and its keys prefetched ({@link Limits#beforeBatch}) before the first of them runs; a command
 * that may change how the rest is read (AUTH, HELLO, CONFIG SET...) still ends the batch, and a
 * client that must authenticate is never read ahead of.
 *
 * <p>Not thread-safe: one per channel, on its event loop. {@link #queryBufferBytes()} may be
 * read from other threads (approximate).
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** PROTO_INLINE_MAX_SIZE: longest inline request or header line without its terminator. */
    public static final int INLINE_MAX = 64 * 1024;
    /** PROTO_MBULK_BIG_ARG: bulks from this size on are read incrementally. */
    public static final int BIG_ARG = 32 * 1024;
    /** Redis's caps for clients that must authenticate and have not yet. */
    static final int UNAUTH_MAX_MULTIBULK = 10;
    static final int UNAUTH_MAX_BULK = 16384;

    /** What the decoder asks of the connection, per command (values may change at runtime). */
    public interface Limits {
        /** proto-max-bulk-len. */
        long maxBulkLength();

        /** client-query-buffer-limit. */
        long queryBufferLimit();

        /** True when the client must AUTH and has not (requirepass set, not authenticated). */
        boolean authRequired();

        /**
         * Called for each command decoded (by an authenticated client): true lets the decoder
         * decode the next command too before this one runs (a batch), false makes it hand this
         * one over first, for a command after which the rest may be read differently (AUTH,
         * HELLO, CONFIG SET...). By default commands are handed over one by one.
         */
        default boolean readAhead(byte[][] args) {
            return false;
        }

        /** The commands of a decoding pass are about to run (after {@link #readAhead} calls). */
        default void beforeBatch() {
        }
    }

    /** Fixed limits (tests, in-process use). */
    public record FixedLimits(long maxBulkLength, long queryBufferLimit, boolean authRequired)
            implements Limits {
        public static final FixedLimits DEFAULTS = new FixedLimits(512L << 20, 1L << 30, false);
    }

    /**
     * A protocol violation: the connection writes {@code errorLine} (a RESP error, without the
     * leading '-' and CRLF; ISO-8859-1 so a raw byte in "got 'X'" round-trips) unless it is null,
     * then closes. {@code reason} is for the log.
     */
    public record Failure(String errorLine, String reason) {}

    private enum State { IDLE, BULK_HEADER, BULK_DATA, BIG_BULK, FAILED }

    private final Limits limits;
    private State state = State.IDLE;
    private int remaining;              // arguments still expected in the current multibulk
    private byte[][] args;              // arguments of the current multibulk so far
    private int argc;                   // how many of args are filled
    private int bulkLength;             // length of the bulk being read
    private byte[] big;                 // partial big bulk
    private int bigFilled;
    private long headerCount;           // set by header(): the count of the line read
    private int headerEnd;              // and the index after it
    private volatile long queryBytes;   // for CLIENT LIST qbuf; updated after each pass

    /** @param limits consulted for every header, so CONFIG SET applies at once */
    public RespDecoder(Limits limits) {
        this.limits = limits;
    }

    /** Bytes received and not yet part of a complete command (CLIENT LIST qbuf). */
    public long queryBufferBytes() {
        return queryBytes;
    }

    /** Bytes reserved for the big bulk being received (0 when none): what a declared length costs. */
    int reservedForBulk() {
        return big == null ? 0 : big.length;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int first = out.size();
        while (true) {
            if (state == State.FAILED) {
                in.skipBytes(in.readableBytes());
                break;
            }
            int before = out.size();
            boolean progress = step(in, out);
            if (!progress) {
                break;
            }
            if (out.size() > before && !(out.get(out.size() - 1) instanceof byte[][] decoded
                    && !limits.authRequired() && limits.readAhead(decoded))) {
                // hand this command over before reading on: it may change how the rest is read
                break;
            }
        }
        if (out.size() > first) {
            limits.beforeBatch();
        }
        long q = in.readableBytes() + (state == State.BIG_BULK ? bigFilled : 0);
        queryBytes = q;
        if (state != State.FAILED && q > limits.queryBufferLimit()) {
            fail(in, out, null, "closing client that reached max query buffer length");
        }
    }

    /** One parsing step; returns false when more input is needed. */
    private boolean step(ByteBuf in, List<Object> out) {
        switch (state) {
            case IDLE -> {
                if (!in.isReadable()) {
                    return false;
                }
                return in.getByte(in.readerIndex()) == '*' ? multibulkHeader(in, out) : inline(in, out);
            }
            case BULK_HEADER -> {
                return bulkHeader(in, out);
            }
            case BULK_DATA -> {
                return bulkData(in, out);
            }
            case BIG_BULK -> {
                return bigBulk(in, out);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean inline(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int nl = find(in, (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                fail(in, out, "ERR Protocol error: too big inline request", "too big inline request");
            }
            return false;
        }
        int end = nl;
        if (nl != start && in.getByte(nl - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        List<byte[]> parts = SplitArgs.split(line, 0, line.length);
        if (parts == null) {
            fail(in, out, "ERR Protocol error: unbalanced quotes in request",
                    "unbalanced quotes in inline request");
            return false;
        }
        if (!parts.isEmpty()) {
            out.add(parts.toArray(new byte[0][]));
        }
        return true;
    }

    /**
     * Reads the header line at the reader index, {@code type} then a count then {@code \r} and
     * one more byte, into {@link #headerCount} ({@link #NOT_A_NUMBER} when it is not one) and
     * {@link #headerEnd}, without consuming it. False when the line has not all arrived, or when it
     * failed (too long, or another type byte: Redis looks for {@code \r} before it looks at the
     * type); {@code tooBig} names the error.
     */
    private boolean header(ByteBuf in, List<Object> out, byte type, String tooBig) {
        int start = in.readerIndex();
        long h = shortHeader(in, start, type);
        if (h >= 0) {
            headerCount = h >>> 8;
            headerEnd = start + (int) (h & 0xFF);
            return true;
        }
        int cr = find(in, (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                fail(in, out, "ERR Protocol error: " + tooBig, tooBig);
            }
            return false;
        }
        if (cr + 1 >= in.writerIndex()) {
            return false; // the byte after \r has not arrived
        }
        byte first = in.getByte(start);
        if (first != type) { // only for a bulk: step() saw the '*'
            char c = (char) (first & 0xFF);
            if (c == '\r' || c == '\n') {
                c = ' '; // addReplyErrorFormat turns newlines into spaces
            }
            fail(in, out, "ERR Protocol error: expected '" + (char) type + "', got '" + c + "'",
                    "expected " + (char) type + " but got something else");
            return false;
        }
        headerCount = string2ll(in, start + 1, cr);
        headerEnd = cr + 2;
        return true;
    }

    private boolean multibulkHeader(ByteBuf in, List<Object> out) {
        if (!header(in, out, (byte) '*', "too big mbulk count string")) {
            return false;
        }
        long n = headerCount;
        if (n == NOT_A_NUMBER || n > Integer.MAX_VALUE) {
            fail(in, out, "ERR Protocol error: invalid multibulk length", "invalid mbulk count");
            return false;
        }
        if (n > UNAUTH_MAX_MULTIBULK && limits.authRequired()) {
            fail(in, out, "ERR Protocol error: unauthenticated multibulk length", "unauth mbulk count");
            return false;
        }
        in.readerIndex(headerEnd);
        if (n <= 0) {
            return true; // *0, *-1: nothing to run
        }
        remaining = (int) n;
        args = new byte[(int) Math.min(n, 1024)][]; // grown as arguments arrive beyond 1024
        argc = 0;
        state = State.BULK_HEADER;
        return true;
    }

    private boolean bulkHeader(ByteBuf in, List<Object> out) {
        if (!header(in, out, (byte) '$', "too big bulk count string")) {
            return false;
        }
        long len = headerCount;
        if (len == NOT_A_NUMBER || len < 0 || len > Integer.MAX_VALUE - 8
                || (len > LEAST_MAX_BULK && len > limits.maxBulkLength())) {
            fail(in, out, "ERR Protocol error: invalid bulk length", "invalid bulk length");
            return false;
        }
        if (len > UNAUTH_MAX_BULK && limits.authRequired()) {
            fail(in, out, "ERR Protocol error: unauthenticated bulk length", "unauth bulk length");
            return false;
        }
        in.readerIndex(headerEnd);
        bulkLength = (int) len;
        if (len >= BIG_ARG && in.readableBytes() < len + 2) {
            big = new byte[(int) Math.min(len, Math.max(BIG_ARG, in.readableBytes()))];
            bigFilled = 0;
            state = State.BIG_BULK;
        } else {
            state = State.BULK_DATA;
        }
        return true;
    }

    private boolean bulkData(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < bulkLength + 2) {
            return false;
        }
        int n = bulkLength;
        byte[] arg = n >= SpareArguments.MIN ? SpareArguments.current().take(n) : new byte[n];
        readInto(in, arg, 0, n);
        in.skipBytes(2); // Redis does not check that these are \r\n
        return argument(arg, out);
    }

    /** Copies what has arrived of a big bulk out of the cumulation, growing as it arrives. */
    private boolean bigBulk(ByteBuf in, List<Object> out) {
        int want = bulkLength - bigFilled;
        int n = Math.min(want, in.readableBytes());
        if (n > 0) {
            if (bigFilled + n > big.length) {
                long grown = Math.max((long) big.length * 2, (long) bigFilled + n);
                big = Arrays.copyOf(big, (int) Math.min(bulkLength, grown));
            }
            readInto(in, big, bigFilled, n);
            bigFilled += n;
        }
        if (bigFilled < bulkLength || in.readableBytes() < 2) {
            return false;
        }
        in.skipBytes(2);
        byte[] arg = big;
        big = null;
        bigFilled = 0;
        return argument(arg, out);
    }

    private boolean argument(byte[] arg, List<Object> out) {
        if (argc == args.length) {
            args = Arrays.copyOf(args, (int) Math.min((long) argc + remaining, (long) argc * 2));
        }
        args[argc++] = arg;
        if (--remaining == 0) {
            out.add(args); // sized to the count unless it was over 1024 and grown to fit: exact either way
            args = null;
            state = State.IDLE;
        } else {
            state = State.BULK_HEADER;
        }
        return true;
    }

    private void fail(ByteBuf in, List<Object> out, String errorLine, String reason) {
        state = State.FAILED;
        args = null;
        big = null;
        in.skipBytes(in.readableBytes());
        out.add(new Failure(errorLine, reason));
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        args = null;
        big = null;
    }

    /**
     * {@code in.readBytes(dst, off, len)} without the garbage: a direct buffer's getBytes makes a
     * ByteBuffer duplicate per call when Netty runs without Unsafe (its default on JDK 24+), one
     * per argument; the buffer's cached internal NIO view copies the same bytes without one.
     */
    private static void readInto(ByteBuf in, byte[] dst, int off, int len) {
        if (in.hasMemoryAddress()) {
            in.readBytes(dst, off, len); // Netty with Unsafe (the launcher allows it): one memory copy
        } else if (!in.hasArray() && in.nioBufferCount() == 1) {
            in.internalNioBuffer(in.readerIndex(), len).get(dst, off, len);
            in.skipBytes(len);
        } else {
            in.readBytes(dst, off, len); // heap: a plain array copy; composite: its own path
        }
    }

    /** The lowest proto-max-bulk-len CONFIG SET accepts (as Redis): shorter bulks need no look at the setting. */
    private static final long LEAST_MAX_BULK = 1024 * 1024;

    private static final ByteProcessor UNTIL_CR = b -> b != '\r' && b != 0;
    private static final ByteProcessor UNTIL_LF = b -> b != '\n' && b != 0;

    /**
     * Index of the first {@code target} from the reader index, or -1 if there is none before the
     * end or before a NUL byte (a C string ends there).
     */
    private static int find(ByteBuf in, byte target) {
        // one processor per target, not a capturing lambda per call (an allocation per argument)
        int i = in.forEachByte(target == '\r' ? UNTIL_CR : target == '\n' ? UNTIL_LF : b -> b != target && b != 0);
        if (i < 0 || in.getByte(i) != target) {
            return -1;
        }
        return i;
    }

    /**
     * The usual header, {@code type} then 1 to 5 digits without a leading zero then {@code \r},
     * parsed from one 8-byte read (the byte after {@code \r} is within it): {@code count << 8 |}
     * the header's length with that byte, or -1 for anything else (a longer or negative count, a
     * malformed line, another type byte, fewer than 8 bytes received), which {@link #header} then
     * reads byte by byte. The header is not searched for: LPUSH of 64-byte values at
     * pipeline 16 spent 8 % of its CPU on the byte-at-a-time path, each byte a bounds check.
     */
    static long shortHeader(ByteBuf in, int start, byte type) {
        if (in.writerIndex() - start < 8) {
            return -1;
        }
        long w = in.getLongLE(start);
        if ((byte) w != type) {
            return -1;
        }
        long v = ((w >>> 8) & 0xFF) - '0';
        if (v < 0 || v > 9) {
            return -1;
        }
        for (int k = 2; ; k++) {
            int b = (int) (w >>> (k << 3)) & 0xFF;
            if (b == '\r') {
                return v << 8 | (k + 2);
            }
            int d = b - '0';
            if (d < 0 || d > 9 || v == 0 || k == 6) {
                return -1; // not a digit, a leading zero, or a sixth digit
            }
            v = v * 10 + d;
        }
    }

    /** Marks a failed {@link #string2ll}; Long.MIN_VALUE itself is never a valid count here. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;

    /**
     * Redis's string2ll over the bytes [from, to): optional '-', then digits without leading
     * zeros ("0" alone is fine), nothing else, within a signed 64-bit range.
     *
     * @return the value, or {@link #NOT_A_NUMBER} when invalid (and for Long.MIN_VALUE, which
     *         as a count or a length is refused or ignored alike)
     */
    static long string2ll(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return NOT_A_NUMBER;
        }
        if (len == 1 && in.getByte(from) == '0') {
            return 0;
        }
        int i = from;
        boolean negative = false;
        if (in.getByte(i) == '-') {
            negative = true;
            i++;
            if (i == to) {
                return NOT_A_NUMBER;
            }
        }
        byte d = in.getByte(i);
        if (d < '1' || d > '9') {
            return NOT_A_NUMBER;
        }
        long v = 0; // accumulated as a negative number: its range is the larger one
        for (; i < to; i++) {
            d = in.getByte(i);
            if (d < '0' || d > '9') {
                return NOT_A_NUMBER;
            }
            if (v < Long.MIN_VALUE / 10) {
                return NOT_A_NUMBER;
            }
            v *= 10;
            if (v < Long.MIN_VALUE + (d - '0')) {
                return NOT_A_NUMBER;
            }
            v -= d - '0';
        }
        if (negative) {
            return v == Long.MIN_VALUE ? -1 : v; // -2^63: any negative count is ignored alike
        }
        return v == Long.MIN_VALUE ? NOT_A_NUMBER : -v;
    }

    /** The error text as the bytes Redis sends: "-" + line + CRLF, one byte per char. */
    public static byte[] errorBytes(String errorLine) {
        return ("-" + errorLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
