package dev.residual.train;

/**
 * The Java forward pass of a {@link RecurrentAutoencoder} over raw (unscaled) windows, flattened
 * time-major as model.onnx takes them, computing what model.onnx computes: the score and the
 * per-feature squared errors in scaled units (over the whole window or at its last step), the last
 * step's reconstruction in feature units and the latent code. It is the reference the export is
 * checked against, and it gives the validation loss during training.
 */
public final class RecurrentScorer {
    private static final int CHUNK = 512;

    private final RecurrentAutoencoder net;
    private final WindowScore reduction;
    private final double[] mean;
    private final double[] std;

    public RecurrentScorer(RecurrentAutoencoder net, StandardScaler scaler, WindowScore reduction) {
        this.net = net;
        this.reduction = reduction;
        this.mean = scaler.mean();
        this.std = scaler.std();
    }

    /** Mean score over the windows: the validation loss. */
    public double meanScore(float[] windows) {
        double[] scores = score(windows, false).score;
        double sum = 0.0;
        for (double s : scores) {
            sum += s;
        }
        return sum / scores.length;
    }

    /** Everything model.onnx and encoder.onnx output, for every window of {@code windows}. */
    public AutoencoderScorer.Result score(float[] windows) {
        return score(windows, true);
    }

    private AutoencoderScorer.Result score(float[] windows, boolean full) {
        int f = net.features();
        int width = net.window() * f;
        int rows = windows.length / width;
        AutoencoderScorer.Result result =
                new AutoencoderScorer.Result(rows, f, full ? net.hidden() : 0);
        RecurrentAutoencoder.Workspace ws = net.workspace(Math.min(CHUNK, Math.max(rows, 1)));
        for (int start = 0; start < rows; start += CHUNK) {
            int n = Math.min(CHUNK, rows - start);
            scaleInto(windows, start, n, ws.steps);
            net.forward(ws, n);
            collect(ws, n, start, result, full);
        }
        return result;
    }

    /** Scales windows {@code start..start+n} into the feature-major steps of a batch. */
    void scaleInto(float[] windows, int start, int n, double[][] steps) {
        int f = net.features();
        int width = net.window() * f;
        for (int b = 0; b < n; b++) {
            int base = (start + b) * width;
            for (int t = 0; t < net.window(); t++) {
                for (int k = 0; k < f; k++) {
                    steps[t][k * n + b] = (windows[base + t * f + k] - mean[k]) / std[k];
                }
            }
        }
    }

    private void collect(
            RecurrentAutoencoder.Workspace ws,
            int n,
            int start,
            AutoencoderScorer.Result r,
            boolean full) {
        int f = net.features();
        int w = net.window();
        int first = reduction == WindowScore.LAST ? w - 1 : 0;
        int steps = w - first;
        double[] errors = new double[f];
        for (int b = 0; b < n; b++) {
            int row = start + b;
            java.util.Arrays.fill(errors, 0.0);
            for (int t = first; t < w; t++) {
                for (int k = 0; k < f; k++) {
                    double d = ws.output[(t * f + k) * n + b] - ws.steps[t][k * n + b];
                    errors[k] += d * d;
                }
            }
            double sum = 0.0;
            for (int k = 0; k < f; k++) {
                sum += errors[k] / steps;
                if (full) {
                    r.featureErrors[row * f + k] = errors[k] / steps;
                    double last = ws.output[((w - 1) * f + k) * n + b];
                    r.reconstruction[row * f + k] = last * std[k] + mean[k];
                }
            }
            r.score[row] = sum / f;
            for (int k = 0; k < r.latentWidth; k++) {
                r.latent[row * r.latentWidth + k] = ws.latent()[k * n + b];
            }
        }
    }
}
