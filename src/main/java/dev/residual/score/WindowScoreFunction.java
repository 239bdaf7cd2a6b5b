package dev.residual.score;

import dev.residual.io.FeatureRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Scores a batch of windows with a windowed model: the full windows go to the model in one call,
 * through a {@link ScoreFunction} of input width W × F (same session lifecycle and metrics), and
 * each score is attached to the window's last record, the one the anomaly event is about. Records
 * without a window go on, in their place in the batch, as {@link ScoredRecord#unscored}.
 */
public class WindowScoreFunction extends RichMapFunction<List<WindowedRecord>, List<ScoredRecord>> {
    private static final long serialVersionUID = 1L;

    private final ScoreFunction scorer;

    /**
     * @param model the bytes of model.onnx, whose input is {@code window × featureCount} wide
     * @param modelId the bundle's model id, for messages and events
     * @param window W, records per window
     * @param featureCount F, features per record
     * @param threads ONNX Runtime intra-op threads per subtask
     */
    public WindowScoreFunction(
            byte[] model, String modelId, int window, int featureCount, int threads) {
        this.scorer =
                new ScoreFunction(model, modelId, window * featureCount, featureCount, threads);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        scorer.setRuntimeContext(getRuntimeContext());
        scorer.open(openContext);
    }

    @Override
    public List<ScoredRecord> map(List<WindowedRecord> batch) throws Exception {
        List<FeatureRecord> windows = new ArrayList<>(batch.size());
        for (WindowedRecord w : batch) {
            if (w.window != null) {
                // The scorer reads a row from a record's features: here the window is the row.
                windows.add(new FeatureRecord(null, 0L, w.window, null, 0, 0L));
            }
        }
        List<ScoredRecord> scores = windows.isEmpty() ? List.of() : scorer.map(windows);
        List<ScoredRecord> out = new ArrayList<>(batch.size());
        int next = 0;
        for (WindowedRecord w : batch) {
            if (w.window == null) {
                out.add(ScoredRecord.unscored(w.record));
            } else {
                ScoredRecord s = scores.get(next++);
                s.record = w.record;
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        scorer.close();
        super.close();
    }
}
