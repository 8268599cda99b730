package io.quicksilver.core.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles as Redis 7.0 prints them in replies: C's {@code printf("%.17g")}, with {@code inf},
 * {@code -inf} and {@code nan} spelled as glibc does. Redis 7.0.15 answers {@code ZSCORE} of 0.1
 * with {@code 0.10000000000000001} (the shortest representation came with 7.2), 1e20 with
 * {@code 1e+20}, 3.0 with {@code 3}. Used for every double in a reply (the server's RESP writer)
 * and for sorted-set scores turned into text (ZSCAN, stored score strings).
 *
 * <p>Stateless and thread-safe.
 */
public final class DoubleFormat {
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

    private DoubleFormat() {}

    /**
     * C's {@code printf("%.17g", d)} with glibc's spelling of the special values ({@code inf},
     * {@code -inf}, {@code nan}, {@code -0}).
     *
     * @param d any double
     * @return its text
     */
    public static String g17(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        // integers of up to 15 digits print as themselves: the common case, no BigDecimal
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        // the exact binary value rounded to 17 significant digits, ties to even, as glibc does
        BigDecimal exact = new BigDecimal(d).round(SEVENTEEN);
        String digits = exact.unscaledValue().abs().toString();
        // strip the trailing zeros of the 17 (or fewer) digits
        int exp10 = digits.length() - 1 - exact.scale(); // exponent of the first digit
        int last = digits.length();
        while (last > 1 && digits.charAt(last - 1) == '0') {
            last--;
        }
        digits = digits.substring(0, last);
        StringBuilder sb = new StringBuilder(26);
        if (d < 0) {
            sb.append('-');
        }
        if (exp10 < -4 || exp10 >= 17) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp10 < 0 ? '-' : '+');
            int e = Math.abs(exp10);
            if (e < 10) {
                sb.append('0');
            }
            sb.append(e);
        } else if (exp10 < 0) {
            sb.append("0.");
            for (int i = -1; i > exp10; i--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() <= exp10 + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= exp10; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, exp10 + 1).append('.').append(digits, exp10 + 1, digits.length());
        }
        return sb.toString();
    }
}
