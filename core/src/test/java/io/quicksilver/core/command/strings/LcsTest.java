package io.quicksilver.core.command.strings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected results are replies of redis-server 7.0.15. */
class LcsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void documentationExample() {
        Lcs.Result r = Lcs.compute(b("ohmytext"), b("mynewtext"), 0);
        assertEquals(6, r.length());
        assertArrayEquals(b("mytext"), r.lcs());
        assertEquals(List.of(new Lcs.Match(4, 7, 5, 8, 4), new Lcs.Match(2, 3, 0, 1, 2)), r.matches());
        assertEquals(List.of(new Lcs.Match(4, 7, 5, 8, 4)), Lcs.compute(b("ohmytext"), b("mynewtext"), 4).matches());
        assertEquals(6, Lcs.length(b("ohmytext"), b("mynewtext")));
    }

    @Test
    void emptyAndIdentical() {
        Lcs.Result r = Lcs.compute(new byte[0], b("abc"), 0);
        assertEquals(0, r.length());
        assertEquals(List.of(), r.matches());
        r = Lcs.compute(b("ABCBDAB"), b("ABCBDAB"), 0);
        assertEquals(List.of(new Lcs.Match(0, 6, 0, 6, 7)), r.matches());
        assertEquals(4L * 8 * 8, Lcs.tableBytes(7, 7));
    }

    @Test
    void matchesTheReferenceServerOnRecordedCases() throws IOException {
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (InputStream in = getClass().getResourceAsStream("lcs-redis-7.0.15.jsonl");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                n++;
                List<?> c = (List<?>) Json.parse(line);
                byte[] a = b((String) c.get(0));
                byte[] bb = b((String) c.get(1));
                long min = (Long) c.get(2);
                Lcs.Result res = Lcs.compute(a, bb, min);
                List<Object> matches = new ArrayList<>();
                for (Lcs.Match m : res.matches()) {
                    matches.add(List.of(List.of((long) m.aStart(), (long) m.aEnd()),
                            List.of((long) m.bStart(), (long) m.bEnd()), (long) m.length()));
                }
                Object idx = List.of("matches", matches, "len", (long) res.length());
                if (!new String(res.lcs(), StandardCharsets.US_ASCII).equals(c.get(3)) || !idx.equals(c.get(4))
                        || Lcs.length(a, bb) != res.length()) {
                    failures.add(line);
                }
            }
        }
        assertTrue(n >= 500, "cases read: " + n);
        assertEquals(List.of(), failures);
    }
}
