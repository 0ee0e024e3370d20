package io.clickstream.gold.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

class UserStateCodecTest {

    private static final long GAP = 30 * 60_000L;

    @Test
    void aStateComesBackFieldForField() {
        UserState user = sample();

        UserState back = UserStateCodec.decode(UserStateCodec.encode(user));

        assertThat(back).usingRecursiveComparison().isEqualTo(user);
        assertThat(back.sessions.get(0).latitude).as("coordinates kept").isEqualTo(52.52);
        assertThat(back.sessions.get(1).latitude).as("no coordinates stay none").isNull();
        assertThat(back.sessions.get(1).converted).as("flags").isTrue();
        assertThat(back.sessions.get(1).eventHashes).containsExactlyInAnyOrder(11L, 12L, -13L);
    }

    @Test
    void stringsComeBackCharForCharWhateverTheirLength() {
        UserState user = sample();
        OpenSession session = user.sessions.get(0);
        session.entryPage = "/\uD800lone-surrogate/\u00e9\u4e2d\uD83D\uDE00";
        char[] longPath = new char[70_000];
        Arrays.fill(longPath, '\u4e2d'); // 210,000 bytes in UTF-8: past writeUTF's limit
        session.exitPage = new String(longPath);
        session.city = "";

        UserState back = UserStateCodec.decode(UserStateCodec.encode(user));

        assertThat(back.sessions.get(0).entryPage).isEqualTo(session.entryPage);
        assertThat(back.sessions.get(0).exitPage).isEqualTo(session.exitPage);
        assertThat(back.sessions.get(0).city).as("empty is not null").isEmpty();
        assertThat(back.sessions.get(1).deviceClass).as("null stays null").isNull();
    }

    @Test
    void anEmptyStateRoundTrips() {
        UserState back = UserStateCodec.decode(UserStateCodec.encode(new UserState()));

        assertThat(back.empty()).isTrue();
    }

    @Test
    void aStateWrittenByTheKryoEncoderOfEarlierVersionsIsStillRead() {
        UserState user = sample();
        // What Encoders.kryo(UserState.class) stored: Spark's KryoSerializer's bytes of the object.
        ByteBuffer kryo = new KryoSerializer(new SparkConf())
                .newInstance()
                .serialize(user, ClassTag$.MODULE$.apply(UserState.class));
        byte[] bytes = new byte[kryo.remaining()];
        kryo.get(bytes);

        assertThat(bytes[0]).as("Kryo's class-by-name marker").isEqualTo((byte) 1);

        UserState back = UserStateCodec.decode(bytes);

        assertThat(back).usingRecursiveComparison().isEqualTo(user);
        // Why an old checkpoint starts at all: its state schema (one binary column) is the new encoder's.
        assertThat(Encoders.BINARY().schema())
                .isEqualTo(Encoders.kryo(UserState.class).schema());
    }

    @Test
    void bytesOfNeitherFormatFailWithWhatTheyStartWith() {
        assertThatThrownBy(() -> UserStateCodec.decode(new byte[] {0x42, 0x07, 0}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 bytes starts with 42 07");
        byte[] truncated = UserStateCodec.encode(sample());
        assertThatThrownBy(() -> UserStateCodec.decode(Arrays.copyOf(truncated, truncated.length / 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("truncated or corrupt");
    }

    /** Two sessions (one located, one converted with three events) and two active cells; transient flags cleared. */
    private static UserState sample() {
        UserState user = new UserState();
        SilverEvent first = SessionizerTest.event("e1", "page_view", 0, null);
        first.setCountryIso("DE");
        first.setCity("Berlin");
        first.setLatitude(52.52);
        first.setLongitude(13.40);
        first.setDeviceClass("Desktop");
        first.setBrowserFamily("Firefox");
        user.add(first, 1L, GAP);
        user.add(SessionizerTest.event("e2", "product_view", 1_000, null), 2L, GAP);
        user.add(SessionizerTest.event("e3", "page_view", 10 * GAP, null), 11L, GAP);
        user.add(SessionizerTest.event("e4", "add_to_cart", 10 * GAP + 1_000, null), 12L, GAP);
        user.add(SessionizerTest.event("e5", "purchase", 10 * GAP + 2_000, new BigDecimal("19.99")), -13L, GAP);
        user.firstInCell(28_333_333L, "DE");
        user.firstInCell(28_333_334L, "ZZ");
        for (OpenSession s : user.sessions) {
            s.changed = false; // transient: never part of the state
            s.unwritten = false;
        }
        assertThat(user.sessions).as("the sample's two sessions").hasSize(2);
        return user;
    }
}
