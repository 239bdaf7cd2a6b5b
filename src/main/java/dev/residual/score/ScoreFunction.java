package dev.residual.score;

import dev.residual.io.FeatureRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Scores a batch of records with the bundle's ONNX graph. One ONNX Runtime session per subtask,
 * opened in {@link #open} and closed in {@link #close}; the model bytes travel with the function,
 * so task managers need no access to the bundle's directory.
 */
public class ScoreFunction extends RichMapFunction<List<FeatureRecord>, List<ScoredRecord>> {
    private static final long serialVersionUID = 1L;

    private final byte[] model;
    private final String modelId;
    private final int width;
    private final int featureCount;
    private final int threads;
    private final int topFeatures;

    private transient OnnxScorer scorer;
    private transient float[][] rows;
    private transient ArrayList<ScoredRecord> out;
    private transient Counter scored;
    private transient Histogram batchSizes;
    private transient Histogram microsPerBatch;

    /**
     * @param model the bytes of model.onnx
     * @param modelId the bundle's model id, for messages and events
     * @param featureCount features per record, in the bundle's order
     * @param threads ONNX Runtime intra-op threads per subtask
     * @param topFeatures how many of a record's features, those of the largest errors, its {@link
     *     ScoredRecord} keeps for an alert: the threshold's top-features
     */
    public ScoreFunction(
            byte[] model, String modelId, int featureCount, int threads, int topFeatures) {
        this(model, modelId, featureCount, featureCount, threads, topFeatures);
    }

    /**
     * A function whose input rows are {@code width} values wide: a windowed model's W × F, whose
     * outputs still have F values per row.
     */
    public ScoreFunction(
            byte[] model,
            String modelId,
            int width,
            int featureCount,
            int threads,
            int topFeatures) {
        this.model = model;
        this.modelId = modelId;
        this.width = width;
        this.featureCount = featureCount;
        this.threads = threads;
        this.topFeatures = topFeatures;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = OnnxScorer.open(model, modelId, width, featureCount, threads);
        rows = new float[64][];
        out = new ArrayList<>(64);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("residual");
        scored = group.counter("scored");
        batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        microsPerBatch =
                group.histogram("scoringMicrosPerBatch", new DescriptiveStatisticsHistogram(1000));
    }

    /**
     * Scores a batch. The list returned is this function's and is refilled on the next call: the
     * next operator (unbatch) takes it apart before then, chained or serialised alike.
     */
    @Override
    public List<ScoredRecord> map(List<FeatureRecord> batch) {
        int n = batch.size();
        if (rows.length < n) {
            rows = new float[n][];
        }
        for (int i = 0; i < n; i++) {
            rows[i] = batch.get(i).features;
        }
        return score(rows, batch, n);
    }

    /**
     * Scores {@code n} rows, row {@code i} the model input of {@code records.get(i)}: its features,
     * or the window it ends. The list returned is this function's and is refilled on the next call.
     * The rows array is cleared of its references.
     */
    List<ScoredRecord> score(float[][] rows, List<FeatureRecord> records, int n) {
        long start = System.nanoTime();
        OnnxScorer.Scores scores = scorer.scoreReusing(rows, n);
        microsPerBatch.update((System.nanoTime() - start) / 1000);
        batchSizes.update(n);
        scored.inc(n);
        out.clear();
        for (int i = 0; i < n; i++) {
            out.add(
                    ScoredRecord.of(
                            records.get(i),
                            scores.score()[i],
                            scores.featureErrors(),
                            scores.reconstruction(),
                            i * featureCount,
                            featureCount,
                            topFeatures));
        }
        Arrays.fill(rows, 0, n, null);
        return out;
    }

    @Override
    public void close() throws Exception {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
        super.close();
    }
}
