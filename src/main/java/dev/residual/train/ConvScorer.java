package dev.residual.train;

/**
 * The Java forward pass of a {@link ConvAutoencoder} over raw windows, flattened time-major as
 * model.onnx takes them: what the ONNX export must reproduce, and what validation and calibration
 * see.
 */
public final class ConvScorer {
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

    /** Scales window {@code i} of {@code windows} into the channel-major input {@code x}. */
    void load(float[] windows, int i, double[] x) {
        int f = net.features();
        int w = net.window();
        int base = i * w * f;
        for (int t = 0; t < w; t++) {
            for (int c = 0; c < f; c++) {
                x[c * w + t] = (windows[base + t * f + c] - mean[c]) / std[c];
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
        int f = net.features();
        int w = net.window();
        int n = windowLoss.length;
        int latentWidth = net.latentWidth();
        double[][] acts = net.workspace();
        double[] x = acts[0];
        double[] y = acts[net.depth()];
        for (int i = 0; i < n; i++) {
            load(windows, i, x);
            net.forward(acts);
            System.arraycopy(net.latent(acts), 0, r.latent, i * latentWidth, latentWidth);
            double total = 0.0;
            double score = 0.0;
            for (int c = 0; c < f; c++) {
                double sum = 0.0;
                for (int t = 0; t < w; t++) {
                    double d = y[c * w + t] - x[c * w + t];
                    sum += d * d;
                }
                double last = y[c * w + w - 1] - x[c * w + w - 1];
                double e = windowScore == WindowScore.LAST ? last * last : sum / w;
                r.featureErrors[i * f + c] = e;
                r.reconstruction[i * f + c] = y[c * w + w - 1] * std[c] + mean[c];
                score += e;
                total += sum;
            }
            r.score[i] = score / f;
            windowLoss[i] = total / (f * w);
        }
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
