package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class WindowStateTest {
    private static final TypeSerializer<WindowState> SERIALIZER =
            TypeInformation.of(WindowState.class).createSerializer(new SerializerConfigImpl());

    @Test
    void isSerializedAsPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WindowState.class);
    }

    @Test
    void staysTheSameSizeWhateverTheHistory() throws IOException {
        int w = 30;
        int f = 38;
        WindowState s = WindowState.empty(w, f);
        int fresh = serialize(s).length();
        for (int i = 0; i < 1000; i++) {
            s.add(new float[f], i * 1000L);
        }
        s.expiryTimer = 123_456_789L;

        assertThat(serialize(s).length()).isEqualTo(fresh);
        // 4·W·F bytes of values (4,560 here), the array's length, two ints, three longs, a null
        // flag per field and the POJO serializer's header: 43 bytes besides the values.
        assertThat(fresh).isEqualTo(4 * w * f + 4 + 4 + 4 + 8 + 8 + 8 + 6 + 1);
    }

    @Test
    void aRestoredWindowFlattensAsTheOriginal() throws IOException {
        WindowState s = WindowState.empty(3, 2);
        for (int i = 1; i <= 4; i++) {
            s.add(new float[] {i, -i}, i);
        }
        DataOutputSerializer bytes = serialize(s);
        WindowState back =
                SERIALIZER.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));

        assertThat(back.flatten(2)).containsExactly(2, -2, 3, -3, 4, -4);
        assertThat(back.full(2)).isTrue();
        assertThat(back.lastTs).isEqualTo(4);
    }

    @Test
    void aRecordFurtherBehindTheNewestThanTheGapRestartsTheWindowAndOneWithinItIsLeftOut() {
        WindowState s = WindowState.empty(2, 1);
        long gap = 1_000;
        assertThat(s.offer(new float[] {1}, 10_000, gap)).isEqualTo(WindowState.Step.WARMUP);
        assertThat(s.offer(new float[] {2}, 11_000, gap)).isEqualTo(WindowState.Step.FULL);
        assertThat(s.offer(new float[] {3}, 10_000, gap))
                .as("behind the newest by the gap: out of order")
                .isEqualTo(WindowState.Step.OUT_OF_ORDER);
        assertThat(s.lastTs).isEqualTo(11_000);
        assertThat(s.offer(new float[] {4}, 9_999, gap))
                .as("behind by more than the gap: a clock jump")
                .isEqualTo(WindowState.Step.RESTART);
        assertThat(s.lastTs).isEqualTo(9_999);
        assertThat(s.offer(new float[] {5}, 10_500, gap)).isEqualTo(WindowState.Step.FULL);
        assertThat(s.flatten(1)).containsExactly(4, 5);
    }

    private static DataOutputSerializer serialize(WindowState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        SERIALIZER.serialize(s, out);
        return out;
    }
}
