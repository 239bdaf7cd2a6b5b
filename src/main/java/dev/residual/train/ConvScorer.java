package dev.residual.train;

/**
 * The Java forward pass of a {@link ConvAutoencoder} over raw windows, flattened time-major as
 * model.onnx takes them: what the ONNX export must reproduce, and what validation and calibration
 * see.
 */
public final class ConvScorer {
    /** Windows per forward pass: long enough rows for the vectorised loops, a few KB a layer. */
    private static final int BATCH = 64;

    private final ConvAutoencoder net;
    private final double[] mean;
    private final double[] std;
    private final WindowScore windowScore;

    public ConvScorer(ConvAutoencoder net, StandardScaler scaler, WindowScore windowScore) {
        this.net = net;
        this.mean = scaler.mean();
        this.std = scaler.std();
        this.windowScore = windowScore;
    }

    /**
     * Scales window {@code i} of {@code windows} into sample {@code b} of the channel-major input
     * rows {@code x}.
     */
    void load(float[] windows, int i, double[][] x, int b) {
        int f = net.features();
        int w = net.window();
        int base = i * w * f;
        for (int t = 0; t < w; t++) {
            for (int c = 0; c < f; c++) {
                x[c * w + t][b] = (windows[base + t * f + c] - mean[c]) / std[c];
            }
        }
    }

    /**
     * Runs every window of {@code windows} ({@code n x W*F}, raw units): score and feature errors
     * reduced over the window as the window score says, the last step's reconstruction in feature
     * units, the bottleneck channel-major.
     */
    public AutoencoderScorer.Result score(float[] windows) {
        int n = windows.length / (net.window() * net.features());
        AutoencoderScorer.Result r =
                new AutoencoderScorer.Result(n, net.features(), net.latentWidth());
        run(windows, r, new double[n]);
        return r;
    }

    /** Fills {@code r} and each window's whole-window mean squared error, {@code windowLoss}. */
    private void run(float[] windows, AutoencoderScorer.Result r, double[] windowLoss) {
        int n = windowLoss.length;
        ConvWorkspace ws = net.workspace(Math.max(1, Math.min(BATCH, n)));
        for (int from = 0; from < n; from += ws.capacity) {
            int count = Math.min(ws.capacity, n - from);
            for (int b = 0; b < count; b++) {
                load(windows, from + b, ws.input(), b);
            }
            net.forward(ws, count);
            for (int b = 0; b < count; b++) {
                windowLoss[from + b] = reduce(ws, b, from + b, r);
            }
        }
    }

    /**
     * Sample {@code b} of the last forward pass as window {@code i} of {@code r}: its latent code,
     * its errors reduced over the window and its last step's reconstruction.
     *
     * @return its whole-window mean squared error
     */
    private double reduce(ConvWorkspace ws, int b, int i, AutoencoderScorer.Result r) {
        int f = net.features();
        int w = net.window();
        double[][] latent = net.latent(ws);
        for (int v = 0; v < latent.length; v++) {
            r.latent[i * latent.length + v] = latent[v][b];
        }
        double[][] x = ws.input();
        double[][] y = ws.output();
        double total = 0.0;
        double score = 0.0;
        for (int c = 0; c < f; c++) {
            double sum = 0.0;
            for (int t = 0; t < w; t++) {
                double d = y[c * w + t][b] - x[c * w + t][b];
                sum += d * d;
            }
            double last = y[c * w + w - 1][b] - x[c * w + w - 1][b];
            double e = windowScore == WindowScore.LAST ? last * last : sum / w;
            r.featureErrors[i * f + c] = e;
            r.reconstruction[i * f + c] = y[c * w + w - 1][b] * std[c] + mean[c];
            score += e;
            total += sum;
        }
        r.score[i] = score / f;
        return total / (f * w);
    }

    /** The mean over windows of the whole-window squared error: the validation loss. */
    public double meanLoss(float[] windows) {
        int n = windows.length / (net.window() * net.features());
        double[] loss = new double[n];
        run(windows, new AutoencoderScorer.Result(n, net.features(), net.latentWidth()), loss);
        double sum = 0.0;
        for (double l : loss) {
            sum += l;
        }
        return loss.length == 0 ? 0.0 : sum / loss.length;
    }
}
