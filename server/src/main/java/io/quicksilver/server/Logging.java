package io.quicksilver.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.TimeZone;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * java.util.logging set up as Redis logs: {@code pid:M 23 Nov 2026 08:32:50.683 * message}, the
 * mark telling the level ({@code .} debug, {@code -} verbose, {@code *} notice, {@code #}
 * warning), to standard output or the logfile. Only {@link Main} installs it; an application
 * embedding the server keeps its own logging, and {@link #level} then only sets the level of the
 * {@code io.quicksilver} loggers.
 */
public final class Logging {
    /** English month abbreviations, as {@code MMM} in {@code Locale.ENGLISH} prints them. */
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    /**
     * The local time zone as {@link TimeZone}, not {@code java.time.ZoneId}: the first
     * {@code ZoneId} (its zone-rules provider) and the first locale-aware date formatter cost tens
     * of milliseconds before the server can listen; the log line is the same.
     */
    private static final TimeZone ZONE = TimeZone.getDefault();
    private static final Logger QUICKSILVER = Logger.getLogger("io.quicksilver");
    private static final Logger NETTY = Logger.getLogger("io.netty");
    private static volatile Handler handler;

    private Logging() {}

    /** Redis's log line format. */
    public static final class RedisFormatter extends Formatter {
        private final long pid = ProcessHandle.current().pid();

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(128);
            sb.append(pid).append(":M ");
            appendTime(sb, r.getMillis(), ZONE);
            sb.append(' ')
                    .append(mark(r.getLevel())).append(' ').append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(w));
                sb.append(w);
            }
            return sb.toString();
        }

        /** Appends {@code millis} in {@code zone} as {@code dd MMM yyyy HH:mm:ss.SSS} (English months). */
        static void appendTime(StringBuilder sb, long millis, TimeZone zone) {
            long local = millis + zone.getOffset(millis);
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(local, 86_400_000L));
            int ms = (int) Math.floorMod(local, 86_400_000L);
            two(sb, date.getDayOfMonth()).append(' ').append(MONTHS[date.getMonthValue() - 1]).append(' ');
            int year = date.getYear();
            if (year >= 0 && year < 1000) {
                sb.append(year < 10 ? "000" : year < 100 ? "00" : "0");
            }
            sb.append(year).append(' ');
            two(sb, ms / 3_600_000).append(':');
            two(sb, ms / 60_000 % 60).append(':');
            two(sb, ms / 1000 % 60).append('.');
            int milli = ms % 1000;
            sb.append(milli < 10 ? "00" : milli < 100 ? "0" : "").append(milli);
        }

        private static StringBuilder two(StringBuilder sb, int v) {
            return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
        }

        static char mark(Level l) {
            int v = l.intValue();
            if (v >= Level.WARNING.intValue()) {
                return '#';
            }
            if (v >= Level.INFO.intValue()) {
                return '*';
            }
            if (v >= Level.FINE.intValue()) {
                return '-';
            }
            return '.';
        }
    }

    /**
     * Sends all logging to {@code logfile} (appended; empty = standard output) in Redis's format.
     * Throws IOException when the file cannot be opened.
     */
    public static synchronized void install(String logfile, String loglevel) throws IOException {
        OutputStream out = logfile == null || logfile.isEmpty()
                ? new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8)
                : new FileOutputStream(logfile, true);
        StreamHandler h = new StreamHandler(out, new RedisFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        h.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        for (Handler old : root.getHandlers()) {
            root.removeHandler(old);
        }
        root.addHandler(h);
        handler = h;
        level(loglevel);
    }

    /** Applies Redis's loglevel: debug, verbose, notice or warning. */
    public static void level(String loglevel) {
        Level l = switch (loglevel == null ? "notice" : loglevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.FINEST;
            case "verbose" -> Level.FINE;
            case "warning" -> Level.WARNING;
            default -> Level.INFO;
        };
        QUICKSILVER.setLevel(l);
        if (handler != null) {
            Logger.getLogger("").setLevel(l.intValue() < Level.INFO.intValue() ? Level.INFO : l);
            NETTY.setLevel(l == Level.FINEST ? Level.FINE : Level.INFO.intValue() > l.intValue() ? Level.INFO : l);
        }
    }
}
