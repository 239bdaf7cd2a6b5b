package dev.residual.score;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Groups records into small batches so that the model runs once per batch instead of once per
 * record (one ONNX Runtime call costs tens of microseconds whatever its size). A batch is emitted
 * when it is full, when its oldest record has waited {@code maxDelayMillis}, before every
 * watermark, at the end of input and before each checkpoint barrier. Because nothing is buffered
 * across a barrier, the operator holds no state and a restore can neither lose nor repeat a record.
 * It keeps its input objects until their batch goes, which is safe with object reuse because the
 * decoder makes a new record for every input.
 */
public class BatchingOperator<T> extends AbstractStreamOperator<List<T>>
        implements OneInputStreamOperator<T, List<T>>, BoundedOneInput, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    private final int maxSize;
    private final long maxDelayMillis;

    private transient ArrayList<T> buffer;
    private transient long maxTimestamp;
    private transient boolean hasTimestamp;
    private transient ScheduledFuture<?> timer;
    private transient long timerDeadline;

    /**
     * @param maxSize records per batch, at least 1 (1 disables batching)
     * @param maxDelayMillis how long a record may wait for others; 0 flushes only on size
     */
    public BatchingOperator(int maxSize, long maxDelayMillis) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + maxSize);
        }
        if (maxDelayMillis < 0) {
            throw new IllegalArgumentException(
                    "flush interval must be >= 0, got " + maxDelayMillis);
        }
        this.maxSize = maxSize;
        this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new ArrayList<>(maxSize);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        buffer.add(element.getValue());
        if (element.hasTimestamp()) {
            maxTimestamp =
                    hasTimestamp
                            ? Math.max(maxTimestamp, element.getTimestamp())
                            : element.getTimestamp();
            hasTimestamp = true;
        }
        if (buffer.size() >= maxSize) {
            flush();
        } else if (buffer.size() == 1 && maxDelayMillis > 0) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            timerDeadline = now + maxDelayMillis;
            timer = getProcessingTimeService().registerTimer(timerDeadline, this);
        }
    }

    @Override
    public void onProcessingTime(long time) {
        // A timer cancelled after it fired still runs: it must not cut the next batch short.
        if (timer == null || time != timerDeadline) {
            return;
        }
        timer = null;
        flush();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Records held back behind a watermark would arrive late downstream.
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (buffer.isEmpty()) {
            return;
        }
        // The buffer itself goes out: collect hands it on synchronously, to the chained scorer or
        // to the serializer, and nothing downstream keeps it, so it can be cleared and refilled.
        if (hasTimestamp) {
            output.collect(new StreamRecord<>(buffer, maxTimestamp));
        } else {
            output.collect(new StreamRecord<>(buffer));
        }
        buffer.clear();
        hasTimestamp = false;
    }
}
