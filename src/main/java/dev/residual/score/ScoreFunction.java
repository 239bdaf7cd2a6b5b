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

    private transient OnnxScorer scorer;
    private transient float[][] rows;
    private transient Counter scored;
    private transient Histogram batchSizes;
    private transient Histogram microsPerBatch;

    /**
     * @param model the bytes of model.onnx
     * @param modelId the bundle's model id, for messages and events
     * @param featureCount features per record, in the bundle's order
     * @param threads ONNX Runtime intra-op threads per subtask
     */
    public ScoreFunction(byte[] model, String modelId, int featureCount, int threads) {
        this(model, modelId, featureCount, featureCount, threads);
    }

    /**
     * A function whose input rows are {@code width} values wide: a windowed model's W × F, whose
     * outputs still have F values per row.
     */
    public ScoreFunction(byte[] model, String modelId, int width, int featureCount, int threads) {
        this.model = model;
        this.modelId = modelId;
        this.width = width;
        this.featureCount = featureCount;
        this.threads = threads;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = OnnxScorer.open(model, modelId, width, featureCount, threads);
        rows = new float[64][];
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("residual");
        scored = group.counter("scored");
        batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        microsPerBatch =
                group.histogram("scoringMicrosPerBatch", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public List<ScoredRecord> map(List<FeatureRecord> batch) {
        int n = batch.size();
        if (rows.length < n) {
            rows = new float[n][];
        }
        for (int i = 0; i < n; i++) {
            rows[i] = batch.get(i).features;
        }
        long start = System.nanoTime();
        OnnxScorer.Scores scores = scorer.score(rows, n);
        microsPerBatch.update((System.nanoTime() - start) / 1000);
        batchSizes.update(n);
        scored.inc(n);
        List<ScoredRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(
                    new ScoredRecord(
                            batch.get(i),
                            scores.score()[i],
                            slice(scores.featureErrors(), i),
                            scores.reconstruction() == null
                                    ? null
                                    : slice(scores.reconstruction(), i)));
        }
        Arrays.fill(rows, 0, n, null);
        return out;
    }

    private float[] slice(float[] rowMajor, int row) {
        return Arrays.copyOfRange(rowMajor, row * featureCount, (row + 1) * featureCount);
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
