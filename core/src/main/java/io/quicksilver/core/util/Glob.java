package io.quicksilver.core.util;

/**
 * Redis's glob matching (stringmatchlen): {@code *}, {@code ?}, {@code [abc]}, {@code [^abc]},
 * {@code [a-z]} (either order), backslash escapes; an unterminated class ends at the pattern's
 * end. Used by KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET and CLIENT KILL.
 *
 * <p>Like Redis 7, a failed {@code *} sub-match that reached the end of the subject stops every
 * longer attempt, so patterns such as {@code a*a*a*a*b} stay linear instead of exponential.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] subject, boolean nocase) {
        boolean[] skipLonger = new boolean[1];
        return match(pattern, 0, subject, 0, nocase, skipLonger, 0);
    }

    public static boolean matches(String pattern, String subject) {
        return matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                subject.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase,
            boolean[] skipLonger, int nesting) {
        if (nesting > 1000) {
            return false; // protect the stack, as Redis does
        }
        int plen = p.length;
        int slen = s.length;
        while (pi < plen && si < slen) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < plen && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == plen) {
                        return true;
                    }
                    while (si < slen) {
                        if (match(p, pi + 1, s, si, nocase, skipLonger, nesting + 1)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                        si++;
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < plen && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (pi < plen - 1 && p[pi] == '\\') {
                            pi++;
                            if (p[pi] == s[si]) { // an escaped class member ignores nocase, as Redis
                                matched = true;
                            }
                        } else if (pi >= plen) {
                            pi--; // unterminated class: as Redis, stop at the end
                            break;
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pi + 2 < plen && p[pi + 1] == '-') {
                            // signed bytes, as C's char on the x86-64 reference: [a-\xff] is [\xff-a]
                            int start = p[pi];
                            int end = p[pi + 2];
                            int c = s[si];
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = lower(start);
                                end = lower(end);
                                c = lower(c);
                            }
                            pi += 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (eq(p[pi], s[si], nocase)) {
                            matched = true;
                        }
                        pi++;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < plen) {
                        pi++;
                    }
                    if (!eq(p[pi], s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (!eq(p[pi], s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
            if (si == slen) {
                while (pi < plen && p[pi] == '*') {
                    pi++;
                }
                break;
            }
        }
        return pi == plen && si == slen;
    }

    private static boolean eq(byte a, byte b, boolean nocase) {
        if (a == b) {
            return true;
        }
        return nocase && lower(a) == lower(b);
    }

    /** C's tolower in the "C" locale Redis runs with: ASCII letters only. */
    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
