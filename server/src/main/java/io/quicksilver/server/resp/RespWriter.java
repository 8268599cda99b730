package io.quicksilver.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.Reply;
import io.quicksilver.core.util.DoubleFormat;
import java.nio.charset.StandardCharsets;

/**
 * The {@link Reply} of a RESP connection: writes each value straight into a Netty buffer, in
 * RESP3 or RESP2 according to the client's current protocol ({@link Client#protocol}, read at
 * every value, so HELLO's own reply already comes in the protocol it switched to).
 *
 * <p>RESP2 down-conversion, as Redis: map = array of 2n, set and push = array, double = bulk
 * string ({@code %.17g}), boolean = integer 1/0, null = {@code $-1} or {@code *-1}, verbatim and big
 * number = bulk string.
 *
 * <p>Replies accumulate in one buffer until the connection takes it ({@link #take()}) to write
 * it out, so pipelined commands cost one write. Not thread-safe: the connection's event loop only.
 */
public final class RespWriter implements Reply {
    private static final byte[] CRLF = {'\r', '\n'};
    static final byte[] OK = ascii("+OK\r\n");
    static final byte[] PONG = ascii("+PONG\r\n");
    static final byte[] QUEUED = ascii("+QUEUED\r\n");
    static final byte[] ZERO = ascii(":0\r\n");
    static final byte[] ONE = ascii(":1\r\n");
    static final byte[] NULL_BULK = ascii("$-1\r\n");
    static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    static final byte[] NULL3 = ascii("_\r\n");
    static final byte[] TRUE3 = ascii("#t\r\n");
    static final byte[] FALSE3 = ascii("#f\r\n");
    static final byte[] INF3 = ascii(",inf\r\n");
    static final byte[] NEG_INF3 = ascii(",-inf\r\n");
    static final byte[] EMPTY_ARRAY = ascii("*0\r\n");
    static final byte[] EMPTY_BULK = ascii("$0\r\n\r\n");

    /** Headers "*n\r\n", "$n\r\n", ":n\r\n" for small n, encoded once. */
    private static final int CACHED = 512;
    private static final byte[][] ARRAY_HEADERS = headers('*');
    private static final byte[][] BULK_HEADERS = headers('$');
    private static final byte[][] INTEGERS = headers(':');

    private final ByteBufAllocator alloc;
    private final Client client;
    private ByteBuf buf;
    private long written;
    /** The capacity to ask for next: about what the last taken buffer held (see {@link #take()}). */
    private int nextCapacity = MIN_CAPACITY;

    private static final int MIN_CAPACITY = 512;
    private static final int MAX_CAPACITY = 64 * 1024;

    /**
     * @param alloc  where buffers come from (the channel's allocator)
     * @param client whose {@code protocol} decides RESP2 or RESP3
     */
    public RespWriter(ByteBufAllocator alloc, Client client) {
        this.alloc = alloc;
        this.client = client;
    }

    /**
     * The buffer being filled, allocated on first use with room for about as much as the last
     * one held, so a pipeline of long replies does not copy its buffer once per doubling.
     */
    public ByteBuf buffer() {
        ByteBuf b = buf;
        if (b == null) {
            b = alloc.ioBuffer(nextCapacity);
            buf = b;
        }
        return b;
    }

    /** Bytes written and not yet taken. */
    public int pending() {
        return buf == null ? 0 : buf.readableBytes();
    }

    /** Total bytes ever written through this writer. */
    public long written() {
        return written + pending();
    }

    /** Hands the accumulated buffer to the caller (who will release it), or null when empty. */
    public ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        if (b != null && !b.isReadable()) {
            b.release();
            return null;
        }
        if (b != null) {
            int n = b.readableBytes();
            written += n;
            nextCapacity = Math.max(MIN_CAPACITY, Math.min(MAX_CAPACITY, n + (n >> 2)));
        }
        return b;
    }

    /** Releases what was not taken (connection closed). */
    public void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }

    /** Writes raw protocol bytes. */
    public void raw(byte[] bytes) {
        buffer().writeBytes(bytes);
    }

    @Override
    public int protocol() {
        return client.protocol;
    }

    private boolean resp3() {
        return client.protocol >= 3;
    }

    @Override
    public void simple(String status) {
        if ("OK".equals(status)) {
            buffer().writeBytes(OK);
        } else if ("QUEUED".equals(status)) {
            buffer().writeBytes(QUEUED);
        } else if ("PONG".equals(status)) {
            buffer().writeBytes(PONG);
        } else {
            line('+', status);
        }
    }

    @Override
    public void error(String message) {
        line('-', message);
    }

    private void line(char type, String text) {
        ByteBuf b = buffer();
        b.writeByte(type);
        ByteBufUtil.writeUtf8(b, text);
        b.writeBytes(CRLF);
    }

    @Override
    public void integer(long value) {
        ByteBuf b = buffer();
        if (value >= 0 && value < CACHED) {
            b.writeBytes(INTEGERS[(int) value]);
        } else {
            header(b, ':', value);
        }
    }

    @Override
    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        ByteBuf b = bulkHeader(length);
        b.writeBytes(value, offset, length);
        b.writeBytes(CRLF);
    }

    @Override
    public void bulk(java.nio.ByteBuffer value) {
        ByteBuf b = bulkHeader(value.remaining());
        b.writeBytes(value); // straight from the slab chunk: no intermediate array
        b.writeBytes(CRLF);
    }

    /** Writes a bulk string's header, with room for its {@code length} bytes and CRLF after it. */
    private ByteBuf bulkHeader(int length) {
        ByteBuf b = buffer();
        if (length < CACHED) {
            b.ensureWritable(length + 8);
            b.writeBytes(BULK_HEADERS[length]);
        } else {
            b.ensureWritable(length + 16);
            header(b, '$', length);
        }
        return b;
    }

    @Override
    public void bulk(String value) {
        // ASCII fast path: no intermediate byte[]
        int len = value.length();
        boolean ascii = true;
        for (int i = 0; i < len; i++) {
            if (value.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (!ascii) {
            bulk(value.getBytes(StandardCharsets.UTF_8));
            return;
        }
        ByteBuf b = buffer();
        if (len < CACHED) {
            b.writeBytes(BULK_HEADERS[len]);
        } else {
            header(b, '$', len);
        }
        ByteBufUtil.writeAscii(b, value);
        b.writeBytes(CRLF);
    }

    @Override
    public void nullBulk() {
        buffer().writeBytes(resp3() ? NULL3 : NULL_BULK);
    }

    @Override
    public void nullArray() {
        buffer().writeBytes(resp3() ? NULL3 : NULL_ARRAY);
    }

    @Override
    public void array(int length) {
        aggregate('*', length);
    }

    @Override
    public void map(int pairs) {
        if (resp3()) {
            header(buffer(), '%', pairs);
        } else {
            aggregate('*', 2L * pairs);
        }
    }

    @Override
    public void set(int length) {
        if (resp3()) {
            header(buffer(), '~', length);
        } else {
            aggregate('*', length);
        }
    }

    @Override
    public void push(int length) {
        if (resp3()) {
            header(buffer(), '>', length);
        } else {
            aggregate('*', length);
        }
    }

    private void aggregate(char type, long length) {
        ByteBuf b = buffer();
        if (length >= 0 && length < CACHED) {
            b.writeBytes(ARRAY_HEADERS[(int) length]);
        } else {
            header(b, type, length);
        }
    }

    @Override
    public void doubleValue(double value) {
        if (resp3()) {
            if (Double.isInfinite(value)) {
                buffer().writeBytes(value > 0 ? INF3 : NEG_INF3);
            } else {
                line(',', DoubleFormat.g17(value));
            }
        } else {
            bulk(DoubleFormat.g17(value));
        }
    }

    @Override
    public void bool(boolean value) {
        if (resp3()) {
            buffer().writeBytes(value ? TRUE3 : FALSE3);
        } else {
            buffer().writeBytes(value ? ONE : ZERO);
        }
    }

    @Override
    public void verbatim(String format, byte[] value) {
        if (resp3()) {
            ByteBuf b = buffer();
            header(b, '=', value.length + 4L);
            ByteBufUtil.writeAscii(b, format);
            b.writeByte(':');
            b.writeBytes(value);
            b.writeBytes(CRLF);
        } else {
            bulk(value);
        }
    }

    @Override
    public void bigNumber(String digits) {
        if (resp3()) {
            line('(', digits);
        } else {
            bulk(digits);
        }
    }

    /** Writes {@code <type><n>\r\n}. */
    private static void header(ByteBuf b, char type, long n) {
        b.ensureWritable(24);
        b.writeByte(type);
        writeLong(b, n);
        b.writeBytes(CRLF);
    }

    /** Writes the decimal digits of {@code v} without allocating. */
    static void writeLong(ByteBuf b, long v) {
        if (v == Long.MIN_VALUE) {
            ByteBufUtil.writeAscii(b, "-9223372036854775808");
            return;
        }
        if (v < 0) {
            b.writeByte('-');
            v = -v;
        }
        if (v < 10) {
            b.writeByte((int) ('0' + v));
            return;
        }
        int digits = 1;
        for (long p = 10; p <= v && digits < 19; p *= 10) {
            digits++;
        }
        int end = b.writerIndex() + digits;
        b.ensureWritable(digits);
        for (int i = end - 1; i >= end - digits; i--) {
            b.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
        b.writerIndex(end);
    }

    private static byte[][] headers(char type) {
        byte[][] out = new byte[CACHED][];
        for (int i = 0; i < CACHED; i++) {
            out[i] = ascii(type + Integer.toString(i) + "\r\n");
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
