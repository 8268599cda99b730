package io.quicksilver.core.command;

import io.quicksilver.core.engine.EncodingConfig;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.MutableString;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.engine.type.HashValue;
import io.quicksilver.core.engine.type.ListValue;
import io.quicksilver.core.engine.type.SetValue;
import io.quicksilver.core.engine.type.ZSetValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO as Redis 7.0's sort.c: {@code SORT key [BY pattern] [LIMIT offset count]
 * [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]} over lists, sets and sorted sets.
 *
 * <p>Patterns: the first '*' is replaced by the element; {@code key->field} reads a hash field;
 * "#" (GET only) is the element itself; a BY pattern without '*' means "do not sort" (but a set
 * is still sorted, ALPHA, when the result is stored, as Redis does for replication). Numeric
 * sorting reads every weight as C's strtod does, with its ERANGE rules, and ties are broken by
 * comparing the elements as byte strings; ALPHA compares as strcoll in the C/C.UTF-8 locale
 * (bytes up to the first NUL), or as binary strings when storing. The sort is stable, as glibc's
 * qsort that Redis uses. (Known difference: with BY and a LIMIT Redis uses its partial quicksort,
 * pqsort, which is not stable, so ALPHA ties under BY+LIMIT may come out in another order there.) A sorted set is sorted by its members (not its scores) unless BY has no
 * '*', which keeps score order; like Redis, SORT (and SORT_RO) first converts a listpack sorted
 * set to a skiplist.
 *
 * <p>Lock plan: the whole database ({@link LockPlan#DB}), because BY and GET read keys that the
 * key specs do not name. Every pattern lookup is a read lookup (keyspace hits and misses are
 * counted, "keymiss" fired), as lookupKeyByPattern's lookupKeyRead. Stateless and thread-safe.
 */
public final class SortCommand implements CommandGroup {

    private static final String CANT_CONVERT = "ERR One or more scores can't be converted into double";
    /**
     * DBL_MIN - 2^-1076: below it a value rounded to 53 bits (unbounded exponent) is tiny. In a
     * holder class: its exact decimal expansion (BigInteger powers of 5, hundreds of digits) cost
     * 40-60 ms of interpreted arithmetic in every server start, where the command table is built.
     */
    private static final class Tiny {
        static final BigDecimal BOUNDARY = new BigDecimal(Double.MIN_NORMAL)
                .subtract(new BigDecimal(Double.MIN_VALUE).divide(BigDecimal.valueOf(4)));
    }
    /** Thresholds no sorted set fits in compactly: {@link ZSetValue#build} makes a skiplist. */
    private static final EncodingConfig SKIPLIST_ONLY = new EncodingConfig();

    static {
        SKIPLIST_ONLY.zsetMaxListpackEntries = -1;
    }

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("sort", LockPlan.DB, ctx -> sort(ctx, false));
        b.bind("sort_ro", LockPlan.DB, ctx -> sort(ctx, true));
    }

    /** One element being sorted, with its weight (numeric) or comparison string (ALPHA BY). */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] cmp;

        Item(byte[] element) {
            this.element = element;
        }
    }

    /**
     * SORT and SORT_RO (sortCommandGeneric). Options are parsed first (syntax and LIMIT errors win
     * over WRONGTYPE), then the key is read; a missing key sorts as an empty list.
     *
     * @param ctx      the command
     * @param readonly SORT_RO: STORE is a syntax error
     */
    private void sort(Context ctx, boolean readonly) {
        boolean desc = false;
        boolean alpha = false;
        boolean dontsort = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] sortby = null;
        byte[] storeKey = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < ctx.argc(); j++) {
            int left = ctx.argc() - j - 1;
            if (ctx.is(j, "asc")) {
                desc = false;
            } else if (ctx.is(j, "desc")) {
                desc = true;
            } else if (ctx.is(j, "alpha")) {
                alpha = true;
            } else if (ctx.is(j, "limit") && left >= 2) {
                limitStart = ctx.longArg(j + 1);
                limitCount = ctx.longArg(j + 2);
                j += 2;
            } else if (!readonly && ctx.is(j, "store") && left >= 1) {
                storeKey = ctx.arg(j + 1);
                j++;
            } else if (ctx.is(j, "by") && left >= 1) {
                sortby = ctx.arg(j + 1);
                if (indexOf(sortby, (byte) '*', 0, cLength(sortby)) < 0) {
                    dontsort = true; // as Redis: sticky, a later BY with a '*' does not undo it
                }
                j++;
            } else if (ctx.is(j, "get") && left >= 1) {
                gets.add(ctx.arg(j + 1));
                j++;
            } else {
                throw Errors.syntax();
            }
        }

        Entry e = ctx.lookupRead(ctx.arg(1));
        Object value = e == null ? null : e.value();
        if (e != null && e.type() != ValueType.SET && e.type() != ValueType.LIST
                && e.type() != ValueType.ZSET) {
            throw Errors.wrongType();
        }
        if (dontsort && value instanceof SetValue && storeKey != null) {
            // a set has no order of its own: a stored result must be the same everywhere
            dontsort = false;
            alpha = true;
            sortby = null;
        }

        if (value instanceof ZSetValue z && z.isCompact()) {
            // Redis converts a listpack sorted set to a skiplist before sorting it (SORT_RO too)
            value = toSkiplist(ctx, e, z);
        }

        int vectorLen = value == null ? 0 : sizeOf(value);
        // LIMIT sanity, with the inputs first clamped to the size (no overflow)
        long start = Math.min(Math.max(limitStart, 0), vectorLen);
        long count = Math.min(Math.max(limitCount, -1), vectorLen);
        long end = count < 0 ? vectorLen - 1 : start + count - 1;
        if (start >= vectorLen) {
            start = vectorLen - 1;
            end = vectorLen - 2;
        }
        if (end >= vectorLen) {
            end = vectorLen - 1;
        }

        Item[] vector;
        if (dontsort && value instanceof ListValue list) {
            // the list's own order (reversed by DESC), only the requested range
            vector = new Item[(int) Math.max(0, end - start + 1)];
            if (vector.length > 0) {
                ListValue.Cursor c = list.cursor(desc ? list.size() - start - 1 : start, !desc);
                for (int i = 0; i < vector.length && c.next(); i++) {
                    vector[i] = new Item(c.bytes());
                }
            }
            end -= start;
            start = 0;
        } else if (dontsort && value instanceof ZSetValue z) {
            // the sorted set's own order (reversed by DESC), only the requested range
            Item[] range = new Item[(int) Math.max(0, end - start + 1)];
            if (range.length > 0) {
                int[] i = {0};
                z.walk(desc ? z.size() - start - 1 : start, desc, (buf, off, len, score) -> {
                    range[i[0]++] = new Item(Arrays.copyOfRange(buf, off, off + len));
                    return i[0] < range.length;
                });
            }
            vector = range;
            end -= start;
            start = 0;
        } else {
            vector = load(value, vectorLen);
        }

        boolean conversionError = false;
        if (!dontsort) {
            for (Item it : vector) {
                byte[] by;
                if (sortby != null) {
                    by = lookupByPattern(ctx, sortby, it.element);
                    if (by == null) {
                        continue;
                    }
                } else {
                    by = it.element;
                }
                if (alpha) {
                    if (sortby != null) {
                        it.cmp = by;
                    }
                } else {
                    double d = strtod(by);
                    if (Double.isNaN(d)) {
                        conversionError = true;
                    } else {
                        it.score = d;
                    }
                }
            }
            Arrays.sort(vector, comparator(alpha, sortby != null, storeKey != null, desc));
        }

        int range = (int) (end - start + 1);
        long outputLen = gets.isEmpty() ? range : (long) gets.size() * range;
        if (conversionError) {
            throw new CommandException(CANT_CONVERT);
        }
        if (storeKey == null) {
            if (outputLen > Integer.MAX_VALUE - 8) {
                throw new CommandException("ERR SORT reply too large");
            }
            ctx.reply.array((int) outputLen);
            for (long j = start; j <= end; j++) {
                byte[] el = vector[(int) j].element;
                if (gets.isEmpty()) {
                    ctx.reply.bulk(el);
                }
                for (byte[] pattern : gets) {
                    ctx.reply.bulkOrNull(lookupByPattern(ctx, pattern, el));
                }
            }
            return;
        }
        ListValue out = new ListValue(ctx.engine().encodings().listMaxListpackSize, ctx.engine().slabs());
        for (long j = start; j <= end; j++) {
            byte[] el = vector[(int) j].element;
            if (gets.isEmpty()) {
                out.pushTail(el);
            }
            for (byte[] pattern : gets) {
                byte[] v = lookupByPattern(ctx, pattern, el);
                out.pushTail(v == null ? new byte[0] : v);
            }
        }
        if (outputLen > 0) {
            ctx.db().set(storeKey, out, false);
            ctx.changed(storeKey, NotifyFlags.LIST, "sortstore");
            if (outputLen > 1) {
                ctx.engine().stats().dirty.add(outputLen - 1);
            }
            ctx.signalReady(storeKey);
        } else if (ctx.db().delete(storeKey)) {
            ctx.changed(storeKey, NotifyFlags.GENERIC, "del");
        }
        ctx.reply.integer(outputLen);
    }

    /** The number of elements of a list, set or sorted set. */
    private static int sizeOf(Object value) {
        if (value instanceof ListValue l) {
            return (int) Math.min(l.size(), Integer.MAX_VALUE - 8);
        }
        if (value instanceof SetValue s) {
            return s.size();
        }
        if (value instanceof ZSetValue z) {
            return (int) Math.min(z.size(), Integer.MAX_VALUE - 8);
        }
        throw new IllegalStateException("not sortable: " + value);
    }

    /** Every element of a list (in order), a set (its iteration order) or a sorted set. */
    private static Item[] load(Object value, int n) {
        Item[] vector = new Item[n];
        if (value instanceof ListValue l) {
            ListValue.Cursor c = l.cursor(0, true);
            for (int i = 0; i < n && c.next(); i++) {
                vector[i] = new Item(c.bytes());
            }
        } else if (value instanceof SetValue s) {
            int[] i = {0};
            s.forEach(m -> vector[i[0]++] = new Item(m));
        } else if (value instanceof ZSetValue z) {
            int[] i = {0};
            z.forEach((buf, off, len, score) -> {
                vector[i[0]++] = new Item(Arrays.copyOfRange(buf, off, off + len));
                return i[0] < n;
            });
        }
        return vector;
    }

    /**
     * Replaces a compact sorted set by the same set in the skiplist encoding (Redis's
     * zsetConvert in SORT), keeping its TTL; no event, as Redis.
     *
     * @param ctx the command
     * @param e   the sorted set's entry
     * @param z   its compact value
     * @return the new value
     */
    private static ZSetValue toSkiplist(Context ctx, Entry e, ZSetValue z) {
        int n = (int) z.size();
        byte[][] members = new byte[n][];
        double[] scores = new double[n];
        int[] i = {0};
        z.forEach((buf, off, len, score) -> {
            members[i[0]] = Arrays.copyOfRange(buf, off, off + len);
            scores[i[0]++] = score;
            return true;
        });
        ZSetValue converted = ZSetValue.build(members, scores, n, SKIPLIST_ONLY);
        ctx.db().setValue(e, converted);
        return converted;
    }

    /**
     * Redis's sortCompare: numeric by weight, ties broken by the elements as binary strings;
     * ALPHA by the BY values (a missing one first) or the elements, with strcoll (C string
     * semantics) unless storing, where Redis compares binary strings.
     */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> c;
        if (!alpha) {
            c = (a, b) -> {
                if (a.score > b.score) {
                    return 1;
                }
                if (a.score < b.score) {
                    return -1;
                }
                return Integer.signum(Arrays.compareUnsigned(a.element, b.element));
            };
        } else if (byPattern) {
            c = (a, b) -> {
                if (a.cmp == null || b.cmp == null) {
                    return a.cmp == b.cmp ? 0 : a.cmp == null ? -1 : 1;
                }
                return store ? Integer.signum(Arrays.compareUnsigned(a.cmp, b.cmp)) : strcmp(a.cmp, b.cmp);
            };
        } else {
            c = (a, b) -> store ? Integer.signum(Arrays.compareUnsigned(a.element, b.element))
                    : strcmp(a.element, b.element);
        }
        return desc ? (a, b) -> -c.compare(a, b) : c;
    }

    /** C's strcmp: unsigned bytes up to the first NUL (what strcoll is in the C locales). */
    static int strcmp(byte[] a, byte[] b) {
        int la = cLength(a);
        int lb = cLength(b);
        int r = Arrays.compareUnsigned(a, 0, la, b, 0, lb);
        return Integer.signum(r);
    }

    /** The length of {@code b} as a C string: up to its first NUL byte. */
    private static int cLength(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Redis's lookupKeyByPattern: the value a BY or GET pattern names for one element.
     *
     * @param ctx     the command (its database; lookups count hits and misses)
     * @param pattern "#" for the element itself, else a key pattern whose first '*' is replaced
     *                by the element, optionally followed by "->field" to read a hash field
     * @param subst   the element
     * @return the string value or hash field, or null (no '*', missing key, wrong type, missing
     *         field)
     */
    static byte[] lookupByPattern(Context ctx, byte[] pattern, byte[] subst) {
        int clen = cLength(pattern);
        if (clen >= 1 && pattern[0] == '#' && clen == 1) {
            return subst;
        }
        int star = indexOf(pattern, (byte) '*', 0, clen);
        if (star < 0) {
            return null;
        }
        // "->" after the '*', followed by at least one character, starts a hash field name
        int arrow = -1;
        for (int i = star + 1; i + 1 < clen; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        int fieldLen = 0;
        if (arrow >= 0 && arrow + 2 < clen) {
            fieldLen = pattern.length - arrow - 2;
        }
        int postfix = pattern.length - (star + 1) - (fieldLen > 0 ? fieldLen + 2 : 0);
        byte[] key = new byte[star + subst.length + postfix];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(subst, 0, key, star, subst.length);
        System.arraycopy(pattern, star + 1, key, star + subst.length, postfix);

        Entry e = ctx.lookupRead(key);
        if (e == null) {
            return null;
        }
        Object v = e.value();
        if (fieldLen > 0) {
            if (!(v instanceof HashValue h)) {
                return null;
            }
            return h.get(Arrays.copyOfRange(pattern, pattern.length - fieldLen, pattern.length));
        }
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof MutableString m) {
            return m.toBytes();
        }
        return null;
    }

    // ------------------------------------------------------------------ strtod

    /**
     * A weight as Redis reads it: {@code strtod(s, &end)}, failing when characters are left
     * ({@code *end != '\0'}), on ERANGE or on NaN. The string ends at its first NUL, as a C
     * string. Accepts what glibc's strtod accepts in the C locale: leading white space, a sign,
     * decimal and hexadecimal ({@code 0x1.8p3}) floats, "inf"/"infinity", any case; the empty
     * string is 0 (nothing converted, nothing left). ERANGE is glibc's: overflow to infinity, or a
     * tiny result (below DBL_MIN after rounding to 53 bits with an unbounded exponent) that is
     * inexact.
     *
     * @param s the weight
     * @return its value, or NaN when Redis refuses it
     */
    static double strtod(byte[] s) {
        int n = cLength(s);
        if (n == 0) {
            return 0;
        }
        int i = 0;
        while (i < n && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (i < n && (s[i] | 0x20) == 'i') {
            if (matchesIgnoreCase(s, i, n, "infinity") || matchesIgnoreCase(s, i, n, "inf")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return Double.NaN;
        }
        if (i + 1 < n && s[i] == '0' && (s[i + 1] | 0x20) == 'x') {
            return hexStrtod(s, i + 2, n, negative);
        }
        // decimal: digits [. digits] (one digit at least) [e [sign] digits]
        int mantStart = i;
        boolean nonZero = false;
        int digits = 0;
        while (i < n && isDigit(s[i])) {
            nonZero |= s[i] != '0';
            digits++;
            i++;
        }
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && isDigit(s[i])) {
                nonZero |= s[i] != '0';
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < n && (s[i] | 0x20) == 'e') {
            i++;
            if (i < n && (s[i] == '+' || s[i] == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s[i])) {
                expDigits++;
                i++;
            }
            if (expDigits == 0) {
                return Double.NaN; // "1e" leaves the 'e' unconverted
            }
        }
        if (i != n) {
            return Double.NaN;
        }
        String text = new String(s, mantStart, n - mantStart, java.nio.charset.StandardCharsets.US_ASCII);
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            return Double.NaN; // overflow: ERANGE
        }
        if (nonZero && Math.abs(d) <= Double.MIN_NORMAL) {
            BigDecimal exact;
            try {
                exact = new BigDecimal(text);
            } catch (NumberFormatException | ArithmeticException ex) {
                return Double.NaN; // an exponent beyond any range: underflow
            }
            if (underflows(exact, d)) {
                return Double.NaN;
            }
        }
        return negative ? -d : d;
    }

    /**
     * The hexadecimal form after "0x": hex digits [. hex digits] (one at least) [p [sign]
     * digits]. With no digit after "0x", strtod converts only the "0" and leaves "x...": a
     * failure here.
     */
    private static double hexStrtod(byte[] s, int i, int n, boolean negative) {
        StringBuilder mant = new StringBuilder();
        int fracDigits = 0;
        int digits = 0;
        while (i < n && Character.digit(s[i], 16) >= 0) {
            mant.append((char) s[i]);
            digits++;
            i++;
        }
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && Character.digit(s[i], 16) >= 0) {
                mant.append((char) s[i]);
                fracDigits++;
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        long exp = 0;
        if (i < n && (s[i] | 0x20) == 'p') {
            i++;
            boolean expNegative = false;
            if (i < n && (s[i] == '+' || s[i] == '-')) {
                expNegative = s[i] == '-';
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s[i])) {
                if (exp < 1_000_000_000L) {
                    exp = exp * 10 + (s[i] - '0');
                }
                expDigits++;
                i++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
            if (expNegative) {
                exp = -exp;
            }
        }
        if (i != n) {
            return Double.NaN;
        }
        BigInteger m = new BigInteger(mant.toString(), 16);
        if (m.signum() == 0) {
            return negative ? -0.0 : 0.0;
        }
        // value = m * 2^(exp - 4 * fracDigits); its binary exponent decides overflow/underflow
        long e2 = exp - 4L * fracDigits;
        long topBit = e2 + m.bitLength() - 1; // value in [2^topBit, 2^(topBit+1))
        if (topBit > 1100) {
            return Double.NaN; // overflow
        }
        if (topBit < -1100) {
            return Double.NaN; // underflow to zero, inexact
        }
        BigDecimal exact = e2 >= 0 ? new BigDecimal(m.shiftLeft((int) e2))
                : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow((int) -e2)), (int) -e2);
        double d = roundToDouble(m, e2);
        if (Double.isInfinite(d)) {
            return Double.NaN;
        }
        if (Math.abs(d) <= Double.MIN_NORMAL && underflows(exact, d)) {
            return Double.NaN;
        }
        return negative ? -d : d;
    }

    /**
     * {@code m * 2^e2} rounded to the nearest double (ties to even), subnormals included; the
     * value's top bit is within about ±1100 of 2^0.
     */
    private static double roundToDouble(BigInteger m, long e2) {
        int bits = m.bitLength();
        long top = e2 + bits - 1; // exponent of the leading bit
        // the last kept bit's weight: 2^(top - 52) for a normal, never below 2^-1074
        long lsb = Math.max(top - 52, -1074);
        long drop = lsb - e2; // bits of m below the last kept one
        BigInteger kept;
        if (drop <= 0) {
            kept = m.shiftLeft((int) -drop);
        } else {
            kept = m.shiftRight((int) drop);
            BigInteger rest = m.subtract(kept.shiftLeft((int) drop));
            BigInteger half = BigInteger.ONE.shiftLeft((int) drop - 1);
            int cmp = rest.compareTo(half);
            if (cmp > 0 || (cmp == 0 && kept.testBit(0))) {
                kept = kept.add(BigInteger.ONE);
            }
        }
        // kept * 2^lsb with kept <= 2^53: exact (or infinite) in a double
        return Math.scalb(kept.doubleValue(), (int) lsb);
    }

    /**
     * glibc's ERANGE for a result at or below DBL_MIN: the exact value is tiny (still below DBL_MIN
     * once rounded to 53 bits with an unbounded exponent) and the result is inexact.
     *
     * @param exact the value written, exactly (non-zero, positive)
     * @param d     the double strtod returns for it
     */
    private static boolean underflows(BigDecimal exact, double d) {
        BigDecimal abs = exact.abs();
        boolean inexact = d == 0 || abs.compareTo(new BigDecimal(Math.abs(d))) != 0;
        // the rounding boundary under DBL_MIN with 53 bits: DBL_MIN - 2^-1076
        boolean tiny = abs.compareTo(Tiny.BOUNDARY) < 0;
        return tiny && inexact;
    }

    private static boolean matchesIgnoreCase(byte[] s, int from, int end, String word) {
        if (end - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((s[from + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }
}
