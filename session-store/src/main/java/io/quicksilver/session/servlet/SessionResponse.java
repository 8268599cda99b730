package io.quicksilver.session.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;

/**
 * The response wrapper. URLs are rewritten with the session ID only when URL rewriting is on
 * and the ID did not come in a cookie; otherwise they are returned as given (the container's own
 * rewriting, which knows nothing of our sessions, is not consulted).
 *
 * <p>It also writes the session just before the response is committed, when that comes before
 * the end of the request: once the client has the response it may send its next request, maybe
 * to another node, which must read this request's changes. What commits: {@code flushBuffer},
 * {@code sendError}, {@code sendRedirect}, a flush or close of the output stream or writer,
 * writing as many bytes as a declared {@code Content-Length} ({@code setContentLength[Long]}, or
 * the header set as such) or as the buffer holds. Bytes are counted as the application writes
 * them; characters through the writer are counted at the most bytes they can encode to, so the
 * write comes early rather than late. An async request's context hands out this wrapper and
 * writes before {@code complete()} ({@link SessionAsyncContext}). What goes around the wrapper
 * (the container's response reached otherwise) is not seen: that session is written at the end
 * of the request, as are changes made after the commit.
 */
final class SessionResponse extends HttpServletResponseWrapper {
    private final SessionRequest request;
    private final SessionFilter filter;
    /** The declared Content-Length, or -1. */
    private long contentLength = -1;
    /** The bytes written so far (for the writer: at most this many). */
    private long written;
    /** The buffer size, once read, else -1. */
    private int buffer = -1;
    /** As many bytes were written as the buffer holds: the container has sent them. */
    private boolean bufferFull;
    private CommitStream stream;
    private CommitWriter writer;

    SessionResponse(HttpServletResponse response, SessionRequest request, SessionFilter filter) {
        super(response);
        this.request = request;
        this.filter = filter;
    }

    // ---- what commits the response -----------------------------------------------------------

    private void beforeCommit(boolean completing) {
        filter.beforeCommit(request, completing);
    }

    /** {@code n} more bytes are about to be written: the session first if they commit the response. */
    private void writing(long n) {
        long after = written + n;
        written = after;
        if (contentLength >= 0 && after >= contentLength) {
            beforeCommit(true); // the response is complete with these bytes
        } else if (!bufferFull) {
            if (buffer < 0) {
                buffer = getBufferSize(); // 0: no buffer, every write is sent
            }
            if (after >= buffer) {
                bufferFull = true;
                beforeCommit(false); // the buffer is full: the container sends what it holds
            }
        }
    }

    /** Whether counting still matters: a Content-Length may be reached or the buffer may fill. */
    private boolean counting() {
        return contentLength >= 0 || !bufferFull;
    }

    private void declared(long length) {
        contentLength = length < 0 ? -1 : length;
        if (contentLength >= 0 && written >= contentLength && written > 0) {
            beforeCommit(true);
        }
    }

    private static boolean isContentLength(String name) {
        return "Content-Length".equalsIgnoreCase(name);
    }

    private void declared(String value) {
        if (value == null) {
            declared(-1);
            return;
        }
        try {
            declared(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            // not a length: the container decides what it makes of it
        }
    }

    @Override
    public void setContentLength(int len) {
        super.setContentLength(len);
        declared(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        super.setContentLengthLong(len);
        declared(len);
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        if (isContentLength(name)) {
            declared(value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        if (isContentLength(name)) {
            declared(value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        super.setIntHeader(name, value);
        if (isContentLength(name)) {
            declared(value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        super.addIntHeader(name, value);
        if (isContentLength(name)) {
            declared(value);
        }
    }

    @Override
    public void setBufferSize(int size) {
        super.setBufferSize(size);
        buffer = -1; // read again: the container may round it
    }

    @Override
    public void reset() {
        super.reset(); // throws once committed
        contentLength = -1;
        written = 0;
        buffer = -1;
        bufferFull = false;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer(); // throws once committed
        written = 0;
        bufferFull = false;
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit(false);
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit(true);
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit(true);
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit(true);
        super.sendRedirect(location);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream target = super.getOutputStream();
        if (stream == null || stream.target != target) {
            stream = new CommitStream(target);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter target = super.getWriter();
        if (writer == null || writer.target != target) {
            writer = new CommitWriter(target, getCharacterEncoding());
        }
        return writer;
    }

    /** The output stream: counts what is written, writes the session before a commit. */
    private final class CommitStream extends ServletOutputStream {
        final ServletOutputStream target;

        CommitStream(ServletOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            if (counting()) {
                writing(1);
            }
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (counting()) {
                writing(len);
            }
            target.write(b, off, len);
        }

        @Override
        public void write(byte[] b) throws IOException {
            write(b, 0, b.length);
        }

        @Override
        public void flush() throws IOException {
            beforeCommit(false);
            target.flush();
        }

        @Override
        public void close() throws IOException {
            beforeCommit(true);
            target.close();
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
        }
    }

    /**
     * The writer: counts each character at the most bytes it can encode to (an ASCII one as one
     * byte in an ASCII-compatible charset), writes the session before a commit. Every output of
     * PrintWriter goes through the methods overridden here ({@code println()} included: the
     * superclass would write its line separator to the delegate directly).
     */
    private final class CommitWriter extends PrintWriter {
        final PrintWriter target;
        private final int asciiBytes;
        private final int otherBytes;

        CommitWriter(PrintWriter target, String encoding) {
            super(target, false);
            this.target = target;
            int ascii = 1;
            int other = 4;
            try {
                Charset cs = Charset.forName(encoding == null ? "ISO-8859-1" : encoding);
                CharsetEncoder enc = cs.newEncoder();
                other = (int) Math.ceil(enc.maxBytesPerChar());
                ascii = "a".getBytes(cs).length == 1 ? 1 : other;
            } catch (RuntimeException e) {
                ascii = other; // an unknown charset: the safe bound
            }
            this.asciiBytes = ascii;
            this.otherBytes = Math.max(other, ascii);
        }

        private int bytes(int c) {
            return c < 0x80 ? asciiBytes : otherBytes;
        }

        @Override
        public void write(int c) {
            if (counting()) {
                writing(bytes(c));
            }
            target.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            if (counting()) {
                long n = 0;
                for (int i = off, end = off + len; i < end; i++) {
                    n += bytes(buf[i]);
                }
                writing(n);
            }
            target.write(buf, off, len);
        }

        @Override
        public void write(char[] buf) {
            write(buf, 0, buf.length);
        }

        @Override
        public void write(String s, int off, int len) {
            if (counting()) {
                long n = 0;
                for (int i = off, end = off + len; i < end; i++) {
                    n += bytes(s.charAt(i));
                }
                writing(n);
            }
            target.write(s, off, len);
        }

        @Override
        public void write(String s) {
            write(s, 0, s.length());
        }

        @Override
        public void println() {
            write(System.lineSeparator());
        }

        @Override
        public void flush() {
            beforeCommit(false);
            target.flush();
        }

        @Override
        public void close() {
            beforeCommit(true);
            target.close();
        }

        @Override
        public boolean checkError() {
            beforeCommit(false); // it flushes
            return target.checkError();
        }
    }

    @Override
    public String encodeURL(String url) {
        return rewrite(url);
    }

    @Override
    public String encodeRedirectURL(String url) {
        return rewrite(url);
    }

    private String rewrite(String url) {
        if (url == null || !filter.settings().urlRewriting() || request.isRequestedSessionIdFromCookie()) {
            return url;
        }
        StoreSession s = request.currentSession();
        if (s == null) {
            return url;
        }
        int end = url.length();
        int q = url.indexOf('?');
        int h = url.indexOf('#');
        if (q >= 0) {
            end = q;
        }
        if (h >= 0 && h < end) {
            end = h;
        }
        String param = ";" + filter.settings().cookieName().toLowerCase(java.util.Locale.ROOT) + "=" + s.getId();
        return url.substring(0, end) + param + url.substring(end);
    }
}
