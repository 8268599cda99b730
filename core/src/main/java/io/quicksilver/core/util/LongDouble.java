package io.quicksilver.core.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * An exact emulation of the C {@code long double} Redis computes INCRBYFLOAT with on x86-64:
 * the x87 80-bit extended format, a 64-bit significand (explicit integer bit) and a 15-bit
 * exponent, with subnormals, round-to-nearest-even.
 *
 * <p>A finite value is {@code (-1)^negative * mantissa * 2^exponent} with
 * {@code 0 <= mantissa < 2^64}; normal values have {@code mantissa >= 2^63}, subnormal ones
 * have {@code exponent == }{@link #MIN_EXPONENT}. Every operation rounds its exact result once,
 * as the hardware and glibc do, so results match Redis bit for bit:
 * <ul>
 * <li>{@link #parse} is glibc's {@code strtold} (correctly rounded decimal and hexadecimal
 *     input, {@code inf}/{@code infinity}, {@code nan}) wrapped in Redis's {@code string2ld}
 *     rules;</li>
 * <li>{@link #add} is the x87 addition;</li>
 * <li>{@link #toHumanString} is Redis's {@code ld2string(..., LD_STR_HUMAN)}: {@code "%.17Lf"},
 *     trailing zeros and a trailing '.' removed, "-0" printed as "0".</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class LongDouble {
    /** Exponent of the least significant mantissa bit of the smallest values (2^-16445). */
    public static final int MIN_EXPONENT = -16445;
    /** Exponent of the least significant mantissa bit of the largest finite values. */
    public static final int MAX_EXPONENT = 16320;
    /** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses strings of this length or more. */
    public static final int MAX_CHARS = 5 * 1024;

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);

    public static final LongDouble ZERO = new LongDouble(false, BigInteger.ZERO, 0, Kind.FINITE);
    public static final LongDouble POSITIVE_INFINITY = new LongDouble(false, BigInteger.ZERO, 0, Kind.INF);
    public static final LongDouble NEGATIVE_INFINITY = new LongDouble(true, BigInteger.ZERO, 0, Kind.INF);
    public static final LongDouble NAN = new LongDouble(false, BigInteger.ZERO, 0, Kind.NAN);

    private enum Kind { FINITE, INF, NAN }

    private final boolean negative;
    private final BigInteger mantissa;
    private final int exponent;
    private final Kind kind;

    private LongDouble(boolean negative, BigInteger mantissa, int exponent, Kind kind) {
        this.negative = negative;
        this.mantissa = mantissa;
        this.exponent = exponent;
        this.kind = kind;
    }

    /** The exact value of a 64-bit integer (every long fits the 64-bit significand). */
    public static LongDouble of(long v) {
        if (v == 0) {
            return ZERO;
        }
        BigInteger m = BigInteger.valueOf(v).abs();
        return round(v < 0, m, BigInteger.ONE, 0);
    }

    public boolean isFinite() {
        return kind == Kind.FINITE;
    }

    public boolean isNaN() {
        return kind == Kind.NAN;
    }

    public boolean isInfinite() {
        return kind == Kind.INF;
    }

    /** True for -0 and for negative finite values and -inf. */
    public boolean isNegative() {
        return negative;
    }

    public boolean isZero() {
        return kind == Kind.FINITE && mantissa.signum() == 0;
    }

    /** The exact value as a BigDecimal; finite values only. */
    public BigDecimal toBigDecimal() {
        if (kind != Kind.FINITE) {
            throw new ArithmeticException("not finite: " + this);
        }
        BigDecimal d;
        if (exponent >= 0) {
            d = new BigDecimal(mantissa.shiftLeft(exponent));
        } else {
            d = new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
        }
        return negative ? d.negate() : d;
    }

    // ------------------------------------------------------------------ arithmetic

    /**
     * The sum {@code this + other} as the x87 FPU computes it: the exact sum rounded to nearest,
     * ties to even. inf + -inf and anything with NaN is NaN; an exact zero sum of non-zero
     * operands is +0, of two zeros -0 only if both are -0.
     */
    public LongDouble add(LongDouble other) {
        if (kind == Kind.NAN || other.kind == Kind.NAN) {
            return NAN;
        }
        if (kind == Kind.INF || other.kind == Kind.INF) {
            if (kind == Kind.INF && other.kind == Kind.INF) {
                return negative == other.negative ? this : NAN;
            }
            return kind == Kind.INF ? this : other;
        }
        if (isZero() && other.isZero()) {
            return negative && other.negative ? this : ZERO;
        }
        if (isZero()) {
            return other;
        }
        if (other.isZero()) {
            return this;
        }
        int e = Math.min(exponent, other.exponent);
        BigInteger a = mantissa.shiftLeft(exponent - e);
        BigInteger b = other.mantissa.shiftLeft(other.exponent - e);
        BigInteger sum = (negative ? a.negate() : a).add(other.negative ? b.negate() : b);
        if (sum.signum() == 0) {
            return ZERO;
        }
        return round(sum.signum() < 0, sum.abs(), BigInteger.ONE, e);
    }

    /**
     * Rounds the exact positive value {@code num / den * 2^exp2} to the nearest long double
     * (ties to even), with subnormals and overflow to infinity.
     *
     * @param negative the sign of the result
     * @param num      numerator, positive
     * @param den      denominator, positive
     * @param exp2     binary exponent applied to {@code num / den}
     */
    private static LongDouble round(boolean negative, BigInteger num, BigInteger den, long exp2) {
        // value lies in [2^(lb-1), 2^(lb+1)); choose e so the quotient has 64 or 65 bits
        long lb = (long) num.bitLength() - den.bitLength() + exp2;
        long e = lb - 64;
        if (e < MIN_EXPONENT) {
            e = MIN_EXPONENT;
        }
        BigInteger[] qr = divide(num, den, exp2 - e);
        if (qr[0].bitLength() > 64) {
            e += qr[0].bitLength() - 64;
            qr = divide(num, den, exp2 - e);
        }
        BigInteger q = qr[0];
        BigInteger rem = qr[1];
        BigInteger divisor = qr[2];
        int cmp = rem.shiftLeft(1).compareTo(divisor);
        if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
            if (q.equals(TWO_64)) {
                q = TWO_63;
                e++;
            }
        }
        if (e > MAX_EXPONENT) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        return new LongDouble(negative, q, (int) e, Kind.FINITE);
    }

    /** {quotient, remainder, divisor} of {@code num * 2^shift / den}. */
    private static BigInteger[] divide(BigInteger num, BigInteger den, long shift) {
        BigInteger n = num;
        BigInteger d = den;
        if (shift >= 0) {
            n = n.shiftLeft(Math.toIntExact(shift));
        } else {
            d = d.shiftLeft(Math.toIntExact(-shift));
        }
        BigInteger[] qr = n.divideAndRemainder(d);
        return new BigInteger[] {qr[0], qr[1], d};
    }

    // ------------------------------------------------------------------ parsing

    /** {@link #parse(byte[], int, int)} over the whole array. */
    public static LongDouble parse(byte[] s) {
        return parse(s, 0, s.length);
    }

    /**
     * Redis's {@code string2ld}: the value of {@code s[off, off+len)} as glibc's {@code strtold}
     * reads it, or null when Redis refuses it: empty or {@link #MAX_CHARS} long or more, a
     * leading space, anything left unparsed (trailing spaces, an embedded NUL), NaN, overflow to
     * infinity and a non-zero value that underflows to zero. "inf" and "infinity" (any case,
     * signed) are accepted, as Redis does.
     *
     * @param s   the bytes
     * @param off first byte
     * @param len number of bytes
     */
    public static LongDouble parse(byte[] s, int off, int len) {
        if (len == 0 || len >= MAX_CHARS) {
            return null;
        }
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (s[i] == '+' || s[i] == '-') {
            neg = s[i] == '-';
            i++;
        }
        if (i == end) {
            return null;
        }
        int c = lower(s[i]);
        if (c == 'i') {
            String rest = new String(s, i, end - i, StandardCharsets.ISO_8859_1);
            if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
                return neg ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
            }
            return null;
        }
        if (c == 'n') {
            return null; // "nan" and "nan(...)" parse to NaN, which Redis refuses; anything else is junk
        }
        if (s[i] == '0' && i + 1 < end && lower(s[i + 1]) == 'x') {
            LongDouble hex = parseHex(s, i + 2, end, neg);
            if (hex != null) {
                return hex;
            }
            return null; // strtold would stop after the "0": something is left unparsed
        }
        return parseDecimal(s, i, end, neg);
    }

    private static LongDouble parseDecimal(byte[] s, int i, int end, boolean neg) {
        StringBuilder digits = new StringBuilder();
        int fracDigits = 0;
        boolean any = false;
        while (i < end && isDigit(s[i])) {
            digits.append((char) s[i++]);
            any = true;
        }
        if (i < end && s[i] == '.') {
            i++;
            while (i < end && isDigit(s[i])) {
                digits.append((char) s[i++]);
                fracDigits++;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        long exp10 = 0;
        if (i < end && lower(s[i]) == 'e') {
            long[] ex = parseExponent(s, i + 1, end);
            if (ex == null) {
                return null; // "1e" or "1e+": strtold leaves the 'e' unparsed
            }
            exp10 = ex[0];
            i = (int) ex[1];
        }
        if (i != end) {
            return null;
        }
        BigInteger d = new BigInteger(digits.toString());
        if (d.signum() == 0) {
            return neg ? new LongDouble(true, BigInteger.ZERO, 0, Kind.FINITE) : ZERO;
        }
        long e10 = exp10 - fracDigits;
        int sig = d.toString().length();
        long magnitude = sig - 1 + e10; // value in [10^magnitude, 10^(magnitude+1))
        if (magnitude >= 4933) {
            return null; // above LDBL_MAX (1.19e4932): ERANGE, HUGE_VALL
        }
        if (magnitude < -4952) {
            return null; // below half the smallest subnormal (3.6e-4951): ERANGE, zero
        }
        LongDouble v;
        if (e10 >= 0) {
            v = round(neg, d.multiply(BigInteger.TEN.pow((int) e10)), BigInteger.ONE, 0);
        } else {
            v = round(neg, d, BigInteger.TEN.pow((int) -e10), 0);
        }
        return checkRange(v);
    }

    private static LongDouble parseHex(byte[] s, int i, int end, boolean neg) {
        BigInteger h = BigInteger.ZERO;
        long binExp = 0;
        boolean any = false;
        while (i < end && hexValue(s[i]) >= 0) {
            h = h.shiftLeft(4).add(BigInteger.valueOf(hexValue(s[i++])));
            any = true;
        }
        if (i < end && s[i] == '.') {
            i++;
            while (i < end && hexValue(s[i]) >= 0) {
                h = h.shiftLeft(4).add(BigInteger.valueOf(hexValue(s[i++])));
                binExp -= 4;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        if (i < end && lower(s[i]) == 'p') {
            long[] ex = parseExponent(s, i + 1, end);
            if (ex == null) {
                return null;
            }
            binExp += ex[0];
            i = (int) ex[1];
        }
        if (i != end) {
            return null;
        }
        if (h.signum() == 0) {
            return neg ? new LongDouble(true, BigInteger.ZERO, 0, Kind.FINITE) : ZERO;
        }
        long top = h.bitLength() + binExp; // value in [2^(top-1), 2^top)
        if (top > 16384) {
            return null;
        }
        if (top < MIN_EXPONENT - 1) {
            return null;
        }
        return checkRange(round(neg, h, BigInteger.ONE, binExp));
    }

    /** Overflow to infinity or underflow to zero: strtold's ERANGE cases Redis refuses. */
    private static LongDouble checkRange(LongDouble v) {
        if (v.kind != Kind.FINITE || v.mantissa.signum() == 0) {
            return null;
        }
        return v;
    }

    /**
     * A decimal exponent after 'e' or 'p': optional sign, at least one digit. Returns
     * {value (saturated at +-10^12), index after it}, or null if there is no digit.
     */
    private static long[] parseExponent(byte[] s, int i, int end) {
        boolean neg = false;
        if (i < end && (s[i] == '+' || s[i] == '-')) {
            neg = s[i] == '-';
            i++;
        }
        if (i >= end || !isDigit(s[i])) {
            return null;
        }
        long v = 0;
        while (i < end && isDigit(s[i])) {
            if (v < 1_000_000_000_000L) {
                v = v * 10 + (s[i] - '0');
            }
            i++;
        }
        return new long[] {neg ? -v : v, i};
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int c = lower(b);
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    // ------------------------------------------------------------------ formatting

    /**
     * Redis's {@code ld2string(buf, len, value, LD_STR_HUMAN)}: {@code printf("%.17Lf")} (the
     * exact binary value rounded half-even to 17 decimals, as glibc does), then trailing zeros
     * after the point and a trailing point removed, and "-0" turned into "0". Infinities print
     * as "inf" / "-inf"; NaN, which Redis never formats here, as "nan".
     */
    public String toHumanString() {
        if (kind == Kind.INF) {
            return negative ? "-inf" : "inf";
        }
        if (kind == Kind.NAN) {
            return "nan";
        }
        if (exponent >= 0) {
            String digits = mantissa.shiftLeft(exponent).toString();
            return negative && mantissa.signum() != 0 ? "-" + digits : digits;
        }
        if (exponent < -130) {
            return "0"; // below 2^-66, far under 0.5e-17: "0.00000000000000000" or "-0.000..."
        }
        BigDecimal rounded = toBigDecimal().setScale(17, RoundingMode.HALF_EVEN);
        if (rounded.signum() == 0) {
            return "0";
        }
        String p = rounded.toPlainString();
        int l = p.length();
        while (p.charAt(l - 1) == '0') {
            l--;
        }
        if (p.charAt(l - 1) == '.') {
            l--;
        }
        return p.substring(0, l);
    }

    @Override
    public String toString() {
        return toHumanString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongDouble d && d.kind == kind && d.negative == negative
                && d.exponent == exponent && d.mantissa.equals(mantissa);
    }

    @Override
    public int hashCode() {
        return mantissa.hashCode() * 31 + exponent + (negative ? 1 : 0) + kind.ordinal() * 7;
    }
}
