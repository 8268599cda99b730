package io.quicksilver.it;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP client over a plain socket: commands go out as multibulk (or as raw
 * bytes), replies come back as {@link Resp} values that keep their exact wire type, RESP2 and
 * RESP3 alike. No client-library interpretation sits between the server and the comparison.
 *
 * <p>Not thread-safe: one thread per client.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /**
     * Connects to 127.0.0.1:{@code port}; replies must come within {@code timeoutMillis} of a
     * read, or the read throws {@link SocketTimeoutException}.
     */
    public RespClient(int port, int timeoutMillis) {
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("connect to port " + port, e);
        }
    }

    public RespClient(int port) {
        this(port, 10_000);
    }

    public Socket socket() {
        return socket;
    }

    public void timeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command and reads its reply. Arguments: String (UTF-8), byte[], or numbers. */
    public Resp call(Object... args) {
        write(args);
        flush();
        return read();
    }

    /** Buffers one command as a multibulk; {@link #flush()} sends it. */
    public void write(Object... args) {
        try {
            out.write(encode(args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw bytes (malformed frames, inline commands, pipelines) and flushes. */
    public void writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeRaw(String latin1) {
        writeRaw(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one reply; throws {@link UncheckedIOException} wrapping EOF if the server closed. */
    public Resp read() {
        try {
            return readValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one reply, or returns null if the server closed the connection first. */
    public Resp readOrEof() {
        try {
            return readValue();
        } catch (EOFException e) {
            return null;
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException) throw new UncheckedIOException(e);
            return null; // connection reset: closed as well
        }
    }

    /** Closes only the writing half (the server sees EOF after what was sent). */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** The multibulk encoding of one command. */
    public static byte[] encode(Object... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeAscii(b, "*" + args.length + "\r\n");
        for (Object a : args) {
            byte[] bytes;
            if (a instanceof byte[] raw) bytes = raw;
            else bytes = String.valueOf(a).getBytes(StandardCharsets.UTF_8);
            writeAscii(b, "$" + bytes.length + "\r\n");
            b.writeBytes(bytes);
            writeAscii(b, "\r\n");
        }
        return b.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    // ------------------------------------------------------------------ decoding

    private Resp readValue() throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("server closed the connection");
        String line = readLine();
        switch (type) {
            case '+': return new Resp.Simple(line);
            case '-': return new Resp.Err(line);
            case ':': return new Resp.Int(Long.parseLong(line));
            case ',': return new Resp.Dbl(line);
            case '(': return new Resp.BigNum(line);
            case '#': return new Resp.Bool(line.equals("t"));
            case '_': return new Resp.Null('_');
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) return new Resp.Null('$');
                return new Resp.Bulk(new String(readPayload(len), StandardCharsets.ISO_8859_1));
            }
            case '!': {
                int len = Integer.parseInt(line);
                return new Resp.BlobErr(new String(readPayload(len), StandardCharsets.UTF_8));
            }
            case '=': {
                int len = Integer.parseInt(line);
                String s = new String(readPayload(len), StandardCharsets.ISO_8859_1);
                return new Resp.Verbatim(s.substring(0, 3), s.substring(4));
            }
            case '*': case '~': case '>': {
                int n = Integer.parseInt(line);
                if (n < 0) return new Resp.Null('*');
                List<Resp> items = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) items.add(readValue());
                return new Resp.Arr((char) type, items);
            }
            case '%': case '|': {
                int n = Integer.parseInt(line);
                List<Resp> keys = new ArrayList<>();
                List<Resp> values = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    keys.add(readValue());
                    values.add(readValue());
                }
                Resp.MapReply m = new Resp.MapReply((char) type, keys, values);
                // an attribute precedes the reply it annotates; we return the annotated reply
                return type == '|' ? readValue() : m;
            }
            default:
                throw new IOException("unexpected RESP type byte '" + (char) type + "' line: " + line);
        }
    }

    private byte[] readPayload(int len) throws IOException {
        byte[] buf = in.readNBytes(len);
        if (buf.length < len) throw new EOFException("short bulk payload");
        int cr = in.read();
        int lf = in.read();
        if (cr != '\r' || lf != '\n') throw new IOException("bulk payload not followed by CRLF");
        return buf;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException("server closed mid-line");
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') throw new IOException("CR not followed by LF");
                return sb.toString();
            }
            sb.append((char) c);
        }
    }
}
