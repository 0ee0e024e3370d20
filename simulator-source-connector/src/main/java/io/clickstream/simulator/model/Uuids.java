package io.clickstream.simulator.model;

/** Renders 128 random bits as a version-4 UUID string, without {@link java.util.UUID}'s SecureRandom. */
public final class Uuids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Uuids() {}

    /** The UUID whose bits come from {@code hi} and {@code lo}, with the version (4) and variant (IETF) set. */
    public static String v4(long hi, long lo) {
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        hex(hi >>> 32, 8, out, 0);
        out[8] = '-';
        hex(hi >>> 16, 4, out, 9);
        out[13] = '-';
        hex(hi, 4, out, 14);
        out[18] = '-';
        hex(lo >>> 48, 4, out, 19);
        out[23] = '-';
        hex(lo, 12, out, 24);
        return new String(out);
    }

    private static void hex(long value, int digits, char[] out, int at) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
