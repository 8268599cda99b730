package io.quicksilver.server.resp;

import io.quicksilver.core.command.Dispatcher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code sdssplitargs} and {@code sdscatrepr}: how inline commands and redis.conf lines
 * are split into arguments, and how an argument is quoted back.
 */
public final class SplitArgs {
    private SplitArgs() {}

    /**
     * Splits a line as Redis's sdssplitargs does: arguments separated by blanks; {@code "double
     * quotes"} with escapes ({@code \n \r \t \b \a \xHH}, backslash before any other character
     * stands for that character); {@code 'single quotes'} where only {@code \'} is an escape. A
     * closing quote must be followed by a blank or the end. The line ends at the first NUL byte,
     * as a C string does.
     *
     * @param line   the bytes to split
     * @param offset where the line starts in {@code line}
     * @param length how many bytes it has
     * @return the arguments (possibly none), or null when quotes are unbalanced
     */
    public static List<byte[]> split(byte[] line, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (line[i] == 0) {
                end = i;
                break;
            }
        }
        List<byte[]> out = new ArrayList<>();
        int p = offset;
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        while (true) {
            while (p < end && isSpace(line[p])) {
                p++;
            }
            if (p >= end) {
                return out;
            }
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            current.reset();
            while (!done) {
                int c = p < end ? line[p] & 0xFF : 0;
                int next = p + 1 < end ? line[p + 1] & 0xFF : 0;
                if (inq) {
                    if (c == '\\' && next == 'x' && p + 3 < end && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        current.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        switch (next) {
                            case 'n' -> current.write('\n');
                            case 'r' -> current.write('\r');
                            case 't' -> current.write('\t');
                            case 'b' -> current.write('\b');
                            case 'a' -> current.write(7);
                            default -> current.write(next);
                        }
                    } else if (c == '"') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else if (insq) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> current.write(c);
                    }
                }
                if (p < end) {
                    p++;
                }
            }
            out.add(current.toByteArray());
        }
    }

    /** {@link #split(byte[], int, int)} of a whole string (UTF-8), arguments as strings. */
    public static List<String> split(String line) {
        List<byte[]> parts = split(line.getBytes(StandardCharsets.UTF_8), 0,
                line.getBytes(StandardCharsets.UTF_8).length);
        if (parts == null) {
            return null;
        }
        List<String> out = new ArrayList<>(parts.size());
        for (byte[] b : parts) {
            out.add(new String(b, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * Redis's sdscatrepr: the argument (as UTF-8) in double quotes with C-like escapes, as
     * {@link Dispatcher#repr} writes MONITOR's arguments.
     *
     * @param s the argument
     * @return its quoted form
     */
    public static String repr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length + 2);
        Dispatcher.repr(sb, b);
        return sb.toString();
    }

    /** C's isspace in the "C" locale. */
    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r';
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return b - 'A' + 10;
    }
}
