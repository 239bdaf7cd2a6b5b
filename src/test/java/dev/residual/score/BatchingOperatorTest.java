package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BatchingOperatorTest {

    private static OneInputStreamOperatorTestHarness<Integer, List<Integer>> harness(
            int size, long delay) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new BatchingOperator<Integer>(size, delay));
        h.setProcessingTime(0);
        h.open();
        return h;
    }

    private static void push(
            OneInputStreamOperatorTestHarness<Integer, List<Integer>> h, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(new StreamRecord<>(i, 1000L + i));
        }
    }

    @Test
    void flushesWhenBatchIsFull() throws Exception {
        try (var h = harness(3, 0)) {
            push(h, 0, 7);
            assertThat(h.extractOutputValues()).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5));
        }
    }

    @Test
    void flushesWhenOldestRecordHasWaitedTheInterval() throws Exception {
        try (var h = harness(100, 5)) {
            push(h, 0, 2);
            h.setProcessingTime(4);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(5);
            assertThat(h.extractOutputValues()).containsExactly(List.of(0, 1));
            assertThat(h.getProcessingTimeService().getNumActiveTimers()).isZero();
        }
    }

    @Test
    void flushesBeforeCheckpointBarrierSoNothingIsBufferedInASnapshot() throws Exception {
        try (var h = harness(100, 0)) {
            push(h, 0, 4);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).containsExactly(List.of(0, 1, 2, 3));
        }
    }

    @Test
    void flushesAtEndOfInput() throws Exception {
        try (var h = harness(100, 0)) {
            push(h, 0, 2);
            h.endInput();
            assertThat(h.extractOutputValues()).containsExactly(List.of(0, 1));
        }
    }

    @Test
    void flushesBeforeForwardingAWatermark() throws Exception {
        try (var h = harness(100, 0)) {
            push(h, 0, 2);
            h.processWatermark(new Watermark(2000));
            assertThat(h.getOutput()).hasSize(2);
            Object first = h.getOutput().poll();
            assertThat(first).isInstanceOf(StreamRecord.class);
            assertThat(((StreamRecord<?>) first).getTimestamp()).isEqualTo(1001L);
            assertThat(h.getOutput().poll()).isEqualTo(new Watermark(2000));
        }
    }

    @Test
    void batchSizeOneEmitsEveryRecordAlone() throws Exception {
        try (var h = harness(1, 5)) {
            push(h, 0, 3);
            assertThat(h.extractOutputValues()).containsExactly(List.of(0), List.of(1), List.of(2));
        }
    }

    @Test
    void everyRecordIsEmittedExactlyOnceWhateverTriggersTheFlush() throws Exception {
        try (var h = harness(4, 3)) {
            push(h, 0, 6);
            h.setProcessingTime(3);
            push(h, 6, 9);
            h.prepareSnapshotPreBarrier(1);
            push(h, 9, 10);
            h.endInput();
            List<Integer> all = h.extractOutputValues().stream().flatMap(List::stream).toList();
            assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }
}
