package io.quicksilver.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected strings are replies of redis-server 7.0.15 on x86-64 (SET k value; INCRBYFLOAT k incr).
 */
class LongDoubleTest {

    private static LongDouble ld(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** What INCRBYFLOAT replies for a stored value and an increment. */
    private static String incr(String value, String increment) {
        LongDouble v = ld(value);
        LongDouble i = v == null ? null : ld(increment);
        if (v == null || i == null) {
            return "ERR:ERR value is not a valid float";
        }
        LongDouble sum = v.add(i);
        return sum.isFinite() ? sum.toHumanString() : "ERR:ERR increment would produce NaN or Infinity";
    }

    @Test
    void decimalSumsPrintAsRedisDoes() {
        assertEquals("10.6", incr("10.5", "0.1"));
        assertEquals("5010.60000000000000009", incr("10.6", "5.0e3"));
        assertEquals("3000", incr("3.0e3", "0"));
        assertEquals("0.3", incr("0.1", "0.2"));
        assertEquals("1.53456789012345679", incr("0.3", "1.23456789012345678901234567890"));
        assertEquals("100000000000000000000", incr("1.53456789012345679", "100000000000000000000.5"));
        assertEquals("100000000000000000000", incr("100000000000000000000", "-0.1"));
        assertEquals("9223372036854775842", incr("34.75001144409179688", "9223372036854775807"));
        assertEquals("18446744073709551648", incr("9223372036854775842", "9223372036854775807"));
    }

    @Test
    void hugeValuesPrintEveryDigitOfTheBinaryValue() {
        assertEquals("1000000000000000000008997324079559193870523944273290747938260082321265646596180935755"
                + "849152083750497190350372508614274835903592556184672983913096260520748646287327135641843"
                + "653294084255107606016789726652932370030551382947620994540294772781889620606179267611627"
                + "097410650567187386105690089424915104006144", incr("1e300", "0"));
        String max = incr("1e4932", "0");
        assertEquals(4933, max.length());
        assertTrue(max.startsWith("100000000000000000000601894938796389132383777425453311477378504135"));
        assertTrue(max.endsWith("1886622720"));
        assertEquals("ERR:ERR increment would produce NaN or Infinity", incr("1e4932", "1e4932"));
    }

    @Test
    void tinyValuesRoundAtSeventeenDecimals() {
        assertEquals("0", incr("0", "0.0000000000000000001"));
        assertEquals("0", incr("0", "0.000000000000000005"));
        assertEquals("0.00000000000000002", incr("0", "0.000000000000000015"));
        assertEquals("0.00000000000000004", incr("0.00000000000000002", "0.000000000000000025"));
        // exact ties at the 18th decimal round to even
        assertEquals("0.00001144409179688", incr("0", "0x3p-18"));
        assertEquals("0.10000381469726563", incr("0.1", "0x1p-18"));
        assertEquals("1", incr("1", "0x1p-70"));
    }

    @Test
    void negativeZeroPrintsAsZero() {
        assertEquals("0", incr("-0", "0"));
        assertEquals("0", incr("-0", "-0"));
        assertEquals("0", incr("0", "-0.00000000000000000001"));
        assertEquals("0", incr("0.02439024390243902", "-0.024390243902439025"));
        assertTrue(ld("-0").isNegative());
        assertTrue(ld("-0").add(ld("-0")).isNegative());
        assertTrue(!ld("-0").add(ld("0")).isNegative());
    }

    @Test
    void strtoldSyntax() {
        assertEquals("16", incr("0x10", "0"));
        assertEquals("24", incr("16", "0x1p3"));
        assertEquals("25", incr("24", "+1"));
        assertEquals("25.5", incr("25", ".5"));
        assertEquals("30.5", incr("25.5", "5."));
        assertEquals("31", incr("30.5", "0x.8"));
        assertEquals("0.25001144409179688", incr("0.00001144409179688", "0X1P-2"));
        assertEquals("10.25001144409179688", incr("0.25001144409179688", "1e+1"));
        assertEquals("20.25001144409179688", incr("10.25001144409179688", "1.e1"));
        assertEquals("19.75001144409179688", incr("20.25001144409179688", "-.5"));
        assertEquals("22.75001144409179688", incr("19.75001144409179688", "0x1.8p1"));
        assertEquals("34.75001144409179688", incr("22.75001144409179688", "00012"));
        for (String bad : new String[] {"", " 1", "1 ", "1\t", "\t1", "0x", "0xg", "0x1p", "1e", "1e+", ".", "e5",
                "+-1", "1_0", "nan", "-nan", "NaN(123)", "infinit", "abc", "1\u00002", "1e5000", "1e-5000",
                "1e-4951", "1.5e10000", "0.1e999999999999999999999", "1e-999999999999999999999",
                "0x1p99999999999999999999999"}) {
            assertNull(ld(bad), () -> "'" + bad + "' must be refused");
        }
        assertEquals("18446744073709551648", incr("18446744073709551648", "0e999999999999999999999"));
        assertEquals("1", incr("1", "0x0p99999999999999999999999"));
        assertNotNull(ld("3e-4951"), "rounds to the smallest subnormal");
        assertEquals("30.5", incr("30.5", "1e-4950"));
        assertTrue(ld("inf").isInfinite());
        assertTrue(ld("-Infinity").isInfinite() && ld("-Infinity").isNegative());
        assertTrue(ld("INF").isInfinite());
        assertEquals("ERR:ERR increment would produce NaN or Infinity", incr("1", "inf"));
        assertEquals("ERR:ERR increment would produce NaN or Infinity", incr("inf", "1"));
        assertTrue(ld("inf").add(ld("-inf")).isNaN());
    }

    @Test
    void lengthLimitOfString2ld() {
        String ok = "0".repeat(5118) + "1"; // 5119 bytes: accepted
        String tooLong = "0".repeat(5118) + "12"; // 5120 bytes: refused
        assertEquals("2", incr(ok, "1"));
        assertNull(ld(tooLong));
    }

    @Test
    void subnormalAndExtremeBoundaries() {
        LongDouble min = ld("0x1p-16445");
        assertNotNull(min);
        assertEquals(new BigDecimal(java.math.BigInteger.ONE).divide(new BigDecimal(2).pow(16445)),
                min.toBigDecimal());
        assertNull(ld("0x1p-16446"), "exactly half the smallest subnormal rounds to even: zero");
        assertNotNull(ld("0x3p-16447"), "three quarters rounds up to the smallest subnormal");
        assertNotNull(ld("0x1.fffffffffffffffep16383"), "LDBL_MAX");
        assertNull(ld("0x1.ffffffffffffffffp16383"), "rounds up to infinity");
        assertEquals(LongDouble.of(Long.MIN_VALUE).toHumanString(), "-9223372036854775808");
        assertEquals(LongDouble.of(Long.MAX_VALUE).toHumanString(), "9223372036854775807");
    }

    @Test
    void matchesTheReferenceServerOnRecordedCases() throws IOException {
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (InputStream in = getClass().getResourceAsStream("incrbyfloat-redis-7.0.15.tsv");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split("\t", -1);
                n++;
                String got = incr(p[0], p[1]);
                if (!got.equals(p[2])) {
                    failures.add(p[0] + " + " + p[1] + ": expected " + p[2] + ", got " + got);
                }
            }
        }
        assertTrue(n > 1000, "cases read: " + n);
        assertEquals(List.of(), failures);
    }
}
