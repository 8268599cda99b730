package io.quicksilver.core.engine.type;

import io.quicksilver.core.util.DoubleFormat;
import java.nio.charset.StandardCharsets;

/**
 * Sorted-set scores as Redis 7.0 reads and prints them: C's {@code strtod} (glibc), Redis's
 * {@code string2d} on top of it, and {@code double2ll} (which scores a listpack keeps as
 * integers); {@code %.17g} printing is {@link DoubleFormat#g17}.
 *
 * <p>Stateless; every method is thread-safe. Arguments are non-null.
 */
public final class ZScore {
    private ZScore() {}

    // ------------------------------------------------------------------ parsing

    /**
     * glibc's {@code strtod} over {@code b[off, off+len)}, as if the bytes were followed by a NUL:
     * leading white space, an optional sign, then {@code inf}/{@code infinity}, {@code nan} (with
     * an optional {@code (chars)}), a hexadecimal float ({@code 0x1.8p3}) or a decimal one. The
     * result is correctly rounded (as glibc's); overflow gives an infinity, underflow zero.
     *
     * @param b   the bytes
     * @param off where the text starts
     * @param len how many bytes the text has
     * @param end if not null, {@code end[0]} receives the number of bytes consumed (0 when no
     *            number was found, as strtod then points its end pointer at the start) and
     *            {@code end[1]} is set to 1 when the conversion overflowed or underflowed to zero
     *            (glibc's {@code ERANGE} for those two cases), else 0
     * @return the value (0 when nothing was converted)
     */
    public static double strtod(byte[] b, int off, int len, int[] end) {
        int lim = off + len;
        int i = off;
        while (i < lim && isSpace(b[i])) {
            i++;
        }
        boolean negative = false;
        if (i < lim && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        // inf, infinity, nan
        if (i < lim && (b[i] == 'i' || b[i] == 'I')) {
            if (matchWord(b, i, lim, "inf")) {
                int e = i + 3;
                if (matchWord(b, e, lim, "inity")) {
                    e += 5;
                }
                return done(end, e - off, false, negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            }
            return done(end, 0, false, 0);
        }
        if (i < lim && (b[i] == 'n' || b[i] == 'N')) {
            if (matchWord(b, i, lim, "nan")) {
                int e = i + 3;
                if (e < lim && b[e] == '(') {
                    int j = e + 1;
                    while (j < lim && (isAlnum(b[j]) || b[j] == '_')) {
                        j++;
                    }
                    if (j < lim && b[j] == ')') {
                        e = j + 1;
                    }
                }
                return done(end, e - off, false, Double.NaN);
            }
            return done(end, 0, false, 0);
        }
        // hexadecimal
        if (i + 1 < lim && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            int j = i + 2;
            int digitsStart = j;
            boolean any = false;
            while (j < lim && hexDigit(b[j]) >= 0) {
                j++;
                any = true;
            }
            int dot = -1;
            if (j < lim && b[j] == '.') {
                dot = j;
                j++;
                while (j < lim && hexDigit(b[j]) >= 0) {
                    j++;
                    any = true;
                }
            }
            if (!any) {
                // "0x" with no hex digit: only the "0" converts
                return done(end, i + 1 - off, false, negative ? -0.0 : 0.0);
            }
            int mantEnd = j;
            String exp = "0";
            int expEnd = exponentEnd(b, j, lim, 'p');
            if (expEnd > j) {
                exp = new String(b, j + 1, expEnd - j - 1, StandardCharsets.US_ASCII);
                j = expEnd;
            }
            String mant = new String(b, digitsStart, mantEnd - digitsStart, StandardCharsets.US_ASCII);
            if (dot >= 0 && mant.startsWith(".")) {
                mant = "0" + mant;
            }
            double v = parseHex(mant, exp);
            boolean nonZero = hasNonZeroDigit(mant);
            boolean range = Double.isInfinite(v) || (v == 0 && nonZero);
            return done(end, j - off, range, negative ? -v : v);
        }
        // decimal
        int j = i;
        boolean any = false;
        while (j < lim && b[j] >= '0' && b[j] <= '9') {
            j++;
            any = true;
        }
        if (j < lim && b[j] == '.') {
            int k = j + 1;
            while (k < lim && b[k] >= '0' && b[k] <= '9') {
                k++;
            }
            if (any || k > j + 1) {
                any = true;
                j = k;
            }
        }
        if (!any) {
            return done(end, 0, false, 0);
        }
        int mantEnd = j;
        j = exponentEnd(b, j, lim, 'e');
        String text = new String(b, i, j - i, StandardCharsets.US_ASCII);
        double v = parseDecimal(text);
        boolean nonZero = false;
        for (int k = i; k < mantEnd; k++) {
            if (b[k] >= '1' && b[k] <= '9') {
                nonZero = true;
                break;
            }
        }
        boolean range = Double.isInfinite(v) || (v == 0 && nonZero);
        return done(end, j - off, range, negative ? -v : v);
    }

    /**
     * The end of a C exponent at {@code b[j]}: the marker (either case), an optional sign, then
     * at least one decimal digit. Without a digit there is no exponent (strtod stops before the
     * marker).
     *
     * @param b      the bytes
     * @param j      where the exponent would start
     * @param lim    the end of the text
     * @param marker the lower-case marker: 'e' for decimal, 'p' for hexadecimal floats
     * @return the index after the exponent's last digit, or {@code j} when there is none
     */
    private static int exponentEnd(byte[] b, int j, int lim, char marker) {
        if (j >= lim || (b[j] != marker && b[j] != marker - 32)) {
            return j;
        }
        int k = j + 1;
        if (k < lim && (b[k] == '+' || b[k] == '-')) {
            k++;
        }
        int digits = k;
        while (k < lim && b[k] >= '0' && b[k] <= '9') {
            k++;
        }
        return k > digits ? k : j;
    }

    private static double done(int[] end, int consumed, boolean range, double v) {
        if (end != null) {
            end[0] = consumed;
            end[1] = range ? 1 : 0;
        }
        return v;
    }

    private static double parseDecimal(String text) {
        // Java's parser takes "1.", ".5", "1e5" and rounds correctly, as glibc does; exponents
        // beyond int range are clamped so huge ones still give inf/0
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e >= 0 && text.length() - e > 10) {
            String exp = text.substring(e + 1);
            boolean neg = exp.startsWith("-");
            String digits = exp.replaceFirst("^[+-]", "").replaceFirst("^0+(?=\\d)", "");
            if (digits.length() > 9) {
                exp = (neg ? "-" : "") + "999999999";
            }
            text = text.substring(0, e + 1) + exp;
        }
        return Double.parseDouble(text);
    }

    private static double parseHex(String mant, String exp) {
        String e = exp;
        String digits = e.replaceFirst("^[+-]", "").replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > 9) {
            e = (e.startsWith("-") ? "-" : "") + "999999999";
        }
        return Double.parseDouble("0x" + mant + "p" + e);
    }

    private static boolean hasNonZeroDigit(String hexMant) {
        for (int k = 0; k < hexMant.length(); k++) {
            char c = hexMant.charAt(k);
            if (c != '0' && c != '.') {
                return true;
            }
        }
        return false;
    }

    /** C's isspace in the "C" locale. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isAlnum(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean matchWord(byte[] b, int i, int lim, String word) {
        if (lim - i < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            int c = b[i + k];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Redis's {@code string2d} (getDoubleFromObject): the whole argument must be a number; no
     * leading space, no overflow, no underflow to zero, no NaN. "inf" and "-inf" are accepted.
     *
     * @param b the argument
     * @return the value, or NaN when the argument is not a valid float (callers turn that into
     *         "ERR value is not a valid float")
     */
    public static double parseStrict(byte[] b) {
        if (b.length == 0 || isSpace(b[0])) {
            return Double.NaN;
        }
        int[] end = new int[2];
        double v = strtod(b, 0, b.length, end);
        if (end[0] != b.length || end[1] != 0) {
            return Double.NaN;
        }
        return v; // NaN itself stays NaN, i.e. invalid
    }

    // ------------------------------------------------------------------ printing

    /**
     * Redis 7.0's {@code double2ll}: whether a listpack stores this score as an integer (an
     * integral value within ±2^62). Such a score prints as the integer in ZSCAN.
     */
    public static boolean isListpackInteger(double d) {
        if (d < (double) (-Long.MAX_VALUE / 2) || d > (double) (Long.MAX_VALUE / 2)) {
            return false;
        }
        long l = (long) d;
        return l == d;
    }

    /**
     * The text of a score as ZSCAN returns it: an integer where a listpack keeps one (compact
     * encoding, see {@link #isListpackInteger}), otherwise {@code %.17g} ({@link DoubleFormat#g17}).
     *
     * @param d       the score
     * @param compact true when the sorted set is in its listpack encoding
     */
    public static String scanText(double d, boolean compact) {
        if (compact && isListpackInteger(d)) {
            return Long.toString((long) d);
        }
        return DoubleFormat.g17(d);
    }
}
