package io.quicksilver.core.command.strings;

import java.util.ArrayList;
import java.util.List;

/**
 * The longest common subsequence of two byte strings, computed as Redis 7.0's LCS command does
 * (t_string.c, lcsCommand): the dynamic-programming table, then a walk back from its corner that
 * prefers moving in the second string on ties, emitting the matched ranges from the end of the
 * strings to their start. Reproducing that walk exactly gives the same string and the same ranges
 * as Redis, not merely some LCS.
 */
public final class Lcs {
    private Lcs() {}

    /**
     * One matched range: {@code a[aStart..aEnd]} equals {@code b[bStart..bEnd]} (inclusive
     * bounds), {@code length} bytes.
     */
    public record Match(int aStart, int aEnd, int bStart, int bEnd, int length) {}

    /**
     * The result: {@code length} always; {@code lcs} and {@code matches} when computed.
     *
     * @param length  length of the longest common subsequence
     * @param lcs     its bytes, or null when only the length was asked for
     * @param matches the ranges of at least the minimum length, from the end of the strings
     *                backwards; empty when only the length was asked for
     */
    public record Result(int length, byte[] lcs, List<Match> matches) {}

    /** Bytes of transient memory Redis would allocate for the table of two strings. */
    public static long tableBytes(int alen, int blen) {
        return ((long) alen + 1) * ((long) blen + 1) * 4L;
    }

    /** The length only, in two rows of memory (Redis fills the whole table; same number). */
    public static int length(byte[] a, byte[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                if (a[i - 1] == b[j - 1]) {
                    cur[j] = prev[j - 1] + 1;
                } else {
                    cur[j] = Math.max(prev[j], cur[j - 1]);
                }
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }

    /**
     * The LCS string and its matched ranges.
     *
     * @param a           first string
     * @param b           second string
     * @param minMatchLen ranges shorter than this are left out (0: none is)
     * @throws OutOfMemoryError when the (alen+1)*(blen+1) table cannot be allocated
     */
    public static Result compute(byte[] a, byte[] b, long minMatchLen) {
        final int alen = a.length;
        final int blen = b.length;
        final int w = blen + 1;
        int[] lcs = new int[Math.multiplyExact(alen + 1, w)];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) {
                    lcs[i * w + j] = lcs[(i - 1) * w + j - 1] + 1;
                } else {
                    int l1 = lcs[(i - 1) * w + j];
                    int l2 = lcs[i * w + j - 1];
                    lcs[i * w + j] = Math.max(l1, l2);
                }
            }
        }
        int idx = lcs[alen * w + blen];
        final int length = idx;
        byte[] result = new byte[idx];
        List<Match> matches = new ArrayList<>();
        // alen in arangeStart signals "no range open", as in Redis
        int arangeStart = alen;
        int arangeEnd = 0;
        int brangeStart = 0;
        int brangeEnd = 0;
        int i = alen;
        int j = blen;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (arangeStart == alen) {
                    arangeStart = i - 1;
                    arangeEnd = i - 1;
                    brangeStart = j - 1;
                    brangeEnd = j - 1;
                } else if (arangeStart == i && brangeStart == j) {
                    arangeStart--;
                    brangeStart--;
                } else {
                    emit = true;
                }
                if (arangeStart == 0 || brangeStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                int l1 = lcs[(i - 1) * w + j];
                int l2 = lcs[i * w + j - 1];
                if (l1 > l2) {
                    i--;
                } else {
                    j--;
                }
                if (arangeStart != alen) {
                    emit = true;
                }
            }
            if (emit) {
                int matchLen = arangeEnd - arangeStart + 1;
                if (minMatchLen == 0 || matchLen >= minMatchLen) {
                    matches.add(new Match(arangeStart, arangeEnd, brangeStart, brangeEnd, matchLen));
                }
                arangeStart = alen;
            }
        }
        return new Result(length, result, matches);
    }
}
