package io.clickstream.gold.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag$;

/**
 * The bytes the job keeps as a user's state: {@link UserState} in a compact format of its own, read only when the
 * sessionizer is called for the user.
 *
 * <p>Why not an object encoder: with a processing-time timeout, every micro-batch (idle ones included) reads every
 * state row to find the timed-out keys, and Spark deserializes each row's state object to do so. With
 * {@code Encoders.kryo} that was a third of an idle batch's CPU (45,826 users: ~1.2 CPU s a batch, every 2 s); as
 * bytes, the scan copies them and only the keys the function is called for are decoded here.
 *
 * <p>States written by earlier versions of the job (Kryo, via {@code Encoders.kryo(UserState.class)}, the same state
 * schema: one binary column) are still read: a Kryo record of an unregistered class starts with byte 1, this format
 * with {@link #MAGIC}. Such a state is rewritten in this format the next time its user is visited.
 */
public final class UserStateCodec {

    static final byte MAGIC = (byte) 0xC5;
    static final byte VERSION = 1;
    /** Kryo's first byte for an object of a class written by name (not registered), as UserState always was. */
    private static final byte KRYO_CLASS_BY_NAME = 1;
    /** Strings up to this many chars fit {@code writeUTF}'s 65,535 bytes (at most 3 bytes a char). */
    private static final int UTF_MAX_CHARS = 65_535 / 3;

    private static final int CONVERTED = 1;
    private static final int REACHED_PRODUCT = 2;
    private static final int REACHED_CART = 4;
    private static final int REACHED_CHECKOUT = 8;
    private static final int HAS_LATITUDE = 16;
    private static final int HAS_LONGITUDE = 32;

    private UserStateCodec() {}

    public static byte[] encode(UserState user) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(user.sessions.size());
            for (OpenSession s : user.sessions) {
                writeSession(out, s);
            }
            out.writeInt(user.activeCells.size());
            for (String cell : user.activeCells) {
                writeString(out, cell);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a user's state: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    public static UserState decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == KRYO_CLASS_BY_NAME) {
            return fromKryo(bytes);
        }
        if (bytes.length < 2 || bytes[0] != MAGIC || bytes[1] != VERSION) {
            throw new IllegalStateException("a user's state of " + bytes.length + " bytes starts with "
                    + (bytes.length < 2 ? "too few bytes" : String.format("%02x %02x", bytes[0], bytes[1]))
                    + ": neither this job's state format (c5 01) nor Kryo's; was the checkpoint written by another "
                    + "job?");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 2, bytes.length - 2))) {
            UserState user = new UserState();
            int sessions = in.readInt();
            for (int i = 0; i < sessions; i++) {
                user.sessions.add(readSession(in));
            }
            int cells = in.readInt();
            for (int i = 0; i < cells; i++) {
                user.activeCells.add(readString(in));
            }
            return user;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "a user's state of " + bytes.length + " bytes is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    private static void writeSession(DataOutputStream out, OpenSession s) throws IOException {
        writeString(out, s.key);
        writeString(out, s.clientSessionId);
        out.writeLong(s.start);
        writeString(out, s.startId);
        out.writeLong(s.end);
        writeString(out, s.endId);
        writeString(out, s.entryPage);
        writeString(out, s.exitPage);
        out.writeInt(s.events);
        out.writeInt(s.pageViews);
        int flags = (s.converted ? CONVERTED : 0)
                | (s.reachedProduct ? REACHED_PRODUCT : 0)
                | (s.reachedCart ? REACHED_CART : 0)
                | (s.reachedCheckout ? REACHED_CHECKOUT : 0)
                | (s.latitude != null ? HAS_LATITUDE : 0)
                | (s.longitude != null ? HAS_LONGITUDE : 0);
        out.writeByte(flags);
        out.writeLong(s.revenueCents);
        writeString(out, s.countryIso);
        writeString(out, s.city);
        if (s.latitude != null) {
            out.writeDouble(s.latitude);
        }
        if (s.longitude != null) {
            out.writeDouble(s.longitude);
        }
        writeString(out, s.deviceClass);
        writeString(out, s.browserFamily);
        out.writeInt(s.eventHashes.size());
        for (long hash : s.eventHashes) {
            out.writeLong(hash);
        }
    }

    private static OpenSession readSession(DataInputStream in) throws IOException {
        OpenSession s = new OpenSession();
        s.key = readString(in);
        s.clientSessionId = readString(in);
        s.start = in.readLong();
        s.startId = readString(in);
        s.end = in.readLong();
        s.endId = readString(in);
        s.entryPage = readString(in);
        s.exitPage = readString(in);
        s.events = in.readInt();
        s.pageViews = in.readInt();
        int flags = in.readUnsignedByte();
        s.converted = (flags & CONVERTED) != 0;
        s.reachedProduct = (flags & REACHED_PRODUCT) != 0;
        s.reachedCart = (flags & REACHED_CART) != 0;
        s.reachedCheckout = (flags & REACHED_CHECKOUT) != 0;
        s.revenueCents = in.readLong();
        s.countryIso = readString(in);
        s.city = readString(in);
        s.latitude = (flags & HAS_LATITUDE) != 0 ? in.readDouble() : null;
        s.longitude = (flags & HAS_LONGITUDE) != 0 ? in.readDouble() : null;
        s.deviceClass = readString(in);
        s.browserFamily = readString(in);
        int hashes = in.readInt();
        for (int i = 0; i < hashes; i++) {
            s.eventHashes.add(in.readLong());
        }
        return s;
    }

    /** Null, or the exact chars (unpaired surrogates included, as Kryo kept them): modified UTF-8, or UTF-16 if long. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(s.length());
        if (s.length() <= UTF_MAX_CHARS) {
            out.writeUTF(s);
        } else {
            out.writeChars(s);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length <= UTF_MAX_CHARS) {
            return in.readUTF();
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = in.readChar();
        }
        return new String(chars);
    }

    /** A state written by {@code Encoders.kryo(UserState.class)}: read with Spark's Kryo, as that encoder did. */
    static UserState fromKryo(byte[] bytes) {
        return KRYO.get().deserialize(ByteBuffer.wrap(bytes), ClassTag$.MODULE$.apply(UserState.class));
    }

    /** One per task thread: a Kryo instance is not thread-safe, and building one costs milliseconds. */
    private static final ThreadLocal<SerializerInstance> KRYO = ThreadLocal.withInitial(() -> new KryoSerializer(
                    SparkEnv.get() == null ? new SparkConf() : SparkEnv.get().conf())
            .newInstance());
}
