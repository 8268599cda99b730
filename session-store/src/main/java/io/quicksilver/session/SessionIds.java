package io.quicksilver.session;

import java.security.SecureRandom;

/**
 * Session IDs: {@code bytes} bytes (at least 16, i.e. 128 bits) from a {@link SecureRandom}, as
 * lowercase hex. Thread-safe.
 */
public final class SessionIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final SecureRandom random = new SecureRandom();
    private final int bytes;

    public SessionIds(int bytes) {
        if (bytes < 16 || bytes > 64) {
            throw new IllegalArgumentException("session id bytes must be 16..64, not " + bytes);
        }
        this.bytes = bytes;
    }

    public String next() {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        char[] out = new char[bytes * 2];
        for (int i = 0; i < bytes; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }

    /** True for what {@link #next} can produce (of any allowed length): lowercase hex, 32..128 characters. */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() < 32 || id.length() > 128 || id.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
