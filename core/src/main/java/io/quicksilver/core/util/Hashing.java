package io.quicksilver.core.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A seeded 64-bit hash for keys. Seeded per process (as Redis seeds SipHash) so that a client
 * cannot craft keys that all land in one bucket; reads eight bytes at a time.
 */
public final class Hashing {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B97F4A7C15L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    private Hashing() {}

    public static long hash(long seed, byte[] data, int off, int len) {
        long h = seed ^ (len * P1);
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            long k = (long) LONGS.get(data, i);
            h = Long.rotateLeft(h ^ mix(k), 27) * P1 + P2;
            i += 8;
        }
        long tail = 0;
        int shift = 0;
        while (i < end) {
            tail |= (data[i++] & 0xFFL) << shift;
            shift += 8;
        }
        h ^= mix(tail ^ len);
        return fmix(h);
    }

    public static long hash(long seed, byte[] data) {
        return hash(seed, data, 0, data.length);
    }

    private static long mix(long k) {
        k *= P2;
        k = Long.rotateLeft(k, 31);
        return k * P1;
    }

    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
