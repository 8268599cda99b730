package io.quicksilver.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw RESP client for tests: sends bytes as given, reads replies keeping their type: "+OK"
 * and "-ERR ..." as strings with their first byte, integers as Long, bulks as String (ISO-8859-1),
 * nulls as null, aggregates as a List whose first element is the type byte as a String
 * ("*", "%", "~", ">"), doubles as ",1.5", booleans as "#t".
 */
public final class RawClient implements AutoCloseable {
    public final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for before connecting (0: default) */
    public RawClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream(), 65536);
        out = socket.getOutputStream();
    }

    public RawClient send(String s) throws IOException {
        return send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** Sends a command as a multibulk. */
    public RawClient command(String... args) throws IOException {
        return send(multibulk(args));
    }

    public static String multibulk(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    /** Sends a command and reads its reply. */
    public Object call(String... args) throws IOException {
        command(args);
        return read();
    }

    public Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        String line = line();
        switch (type) {
            case '+', '-', ',', '#', '(' -> {
                return (char) type + line;
            }
            case ':' -> {
                return Long.parseLong(line);
            }
            case '_' -> {
                return null;
            }
            case '$', '=' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(len);
                if (b.length < len) {
                    throw new EOFException("short bulk");
                }
                in.readNBytes(2);
                return new String(b, StandardCharsets.ISO_8859_1);
            }
            case '*', '%', '~', '>' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                int count = type == '%' ? 2 * n : n;
                List<Object> list = new ArrayList<>(count + 1);
                list.add(String.valueOf((char) type));
                for (int i = 0; i < count; i++) {
                    list.add(read());
                }
                return list;
            }
            default -> throw new IOException("bad type byte " + type + " line " + line);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed mid-line");
            }
            if (c == '\r') {
                in.read();
                return b.toString(StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
    }

    /** True when the server closed the connection (EOF or reset) within the socket timeout. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Everything the server sends until it closes (or the timeout). */
    public String readAll() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                b.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // return what came
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
