package dev.residual.score;

import dev.residual.io.FeatureRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Scores a batch of windows with a windowed model: the full windows go to the model in one call,
 * through a {@link ScoreFunction} of input width W × F (same session lifecycle and metrics), and
 * each score is attached to the window's last record, the one the anomaly event is about: its top
 * features carry that record's values and the reconstruction of the window's last step. Records
 * without a window go on, in their place in the batch, as {@link ScoredRecord#unscored}. With W = 1
 * it scores the records a {@link BaselineFunction} standardised, whose expected values it turns
 * back into feature units.
 */
public class WindowScoreFunction extends RichMapFunction<List<WindowedRecord>, List<ScoredRecord>> {
    private static final long serialVersionUID = 1L;

    private final ScoreFunction scorer;

    private transient float[][] windows;
    private transient List<FeatureRecord> records;
    private transient List<ScoredRecord> out;

    /**
     * @param model the bytes of model.onnx, whose input is {@code window × featureCount} wide
     * @param modelId the bundle's model id, for messages and events
     * @param window W, records per window
     * @param featureCount F, features per record
     * @param threads ONNX Runtime intra-op threads per subtask
     * @param topFeatures features kept per scored record for an alert
     */
    public WindowScoreFunction(
            byte[] model,
            String modelId,
            int window,
            int featureCount,
            int threads,
            int topFeatures) {
        this.scorer =
                new ScoreFunction(
                        model, modelId, window * featureCount, featureCount, threads, topFeatures);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        scorer.setRuntimeContext(getRuntimeContext());
        scorer.open(openContext);
        windows = new float[64][];
        records = new ArrayList<>(64);
        out = new ArrayList<>(64);
    }

    /**
     * Scores a batch. Like {@link ScoreFunction#map}, the list returned is this function's and is
     * refilled on the next call.
     */
    @Override
    public List<ScoredRecord> map(List<WindowedRecord> batch) {
        if (windows.length < batch.size()) {
            windows = new float[batch.size()][];
        }
        records.clear();
        for (WindowedRecord w : batch) {
            if (w.window != null) {
                windows[records.size()] = w.window;
                records.add(w.record);
            }
        }
        List<ScoredRecord> scores =
                records.isEmpty() ? List.of() : scorer.score(windows, records, records.size());
        out.clear();
        int next = 0;
        for (WindowedRecord w : batch) {
            out.add(
                    w.window == null
                            ? ScoredRecord.unscored(w.record)
                            : inUnits(scores.get(next++), w));
        }
        return out;
    }

    /**
     * A record standardised by its entity's baseline was scored in standardised units: its expected
     * values go back to feature units (mean + sd × the model's value), as its values already are,
     * so that an alert speaks the user's units.
     */
    private static ScoredRecord inUnits(ScoredRecord s, WindowedRecord w) {
        if (w.center != null && s.topExpected != null) {
            for (int k = 0; k < s.topIndex.length; k++) {
                int f = s.topIndex[k];
                s.topExpected[k] =
                        (float) ((double) w.center[f] + (double) w.scale[f] * s.topExpected[k]);
            }
        }
        return s;
    }

    @Override
    public void close() throws Exception {
        scorer.close();
        super.close();
    }
}
