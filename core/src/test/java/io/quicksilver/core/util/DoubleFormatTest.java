package io.quicksilver.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DoubleFormatTest {

    @Test
    void asRedis7ZscorePrints() {
        // redis-server 7.0.15: ZADD z 1.5 a 0.1 b 1e20 c 3.0 d; ZSCORE each
        assertEquals("1.5", DoubleFormat.g17(1.5));
        assertEquals("0.10000000000000001", DoubleFormat.g17(0.1));
        assertEquals("1e+20", DoubleFormat.g17(1e20));
        assertEquals("3", DoubleFormat.g17(3.0));
        assertEquals("inf", DoubleFormat.g17(Double.POSITIVE_INFINITY));
        assertEquals("-inf", DoubleFormat.g17(Double.NEGATIVE_INFINITY));
    }

    @Test
    void edges() {
        assertEquals("0", DoubleFormat.g17(0.0));
        assertEquals("-0", DoubleFormat.g17(-0.0));
        assertEquals("10000000000000000", DoubleFormat.g17(1e16));
        assertEquals("1e+17", DoubleFormat.g17(1e17));
        assertEquals("1.0000000000000001e-05", DoubleFormat.g17(1e-5));
        assertEquals("0.0001", DoubleFormat.g17(1e-4));
        assertEquals("4.9406564584124654e-324", DoubleFormat.g17(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", DoubleFormat.g17(Double.MAX_VALUE));
        assertEquals("1.2345678901234568e+17", DoubleFormat.g17(123456789012345678.0));
        assertEquals("12345678901234568", DoubleFormat.g17(12345678901234568.0));
    }

    /** 2500 doubles (random bit patterns, ranges, rounded decimals) against C's printf("%.17g"). */
    @Test
    void matchesPrintfOnRecordedValues() throws IOException {
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("g17.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
                assertEquals(parts[1], DoubleFormat.g17(d), () -> "for bits " + parts[0]);
                n++;
            }
        }
        assertTrue(n > 2000);
    }
}
