package dev.residual.train;

/**
 * The Java forward pass over raw (unscaled) rows, computing what model.onnx computes: the score,
 * the per-feature squared errors in scaled units, the reconstruction in feature units and the
 * latent code. It is the reference the ONNX export is checked against, and it gives the validation
 * loss during training.
 */
public final class AutoencoderScorer {
    private static final int CHUNK = 1024;

    private final DenseAutoencoder net;
    private final StandardScaler scaler;
    // Copies held once: the scaler's accessors clone, and un-scaling runs per value.
    private final double[] mean;
    private final double[] std;

    public AutoencoderScorer(DenseAutoencoder net, StandardScaler scaler) {
        this.net = net;
        this.scaler = scaler;
        this.mean = scaler.mean();
        this.std = scaler.std();
    }

    /** Values per input row. */
    /** The scaler in front of the network. */
    public StandardScaler scaler() {
        return scaler;
    }

    /** The scaler's standard deviation of {@code feature}: one scaled unit in feature units. */
    public double featureScale(int feature) {
        return std[feature];
    }

    public int features() {
        return net.features();
    }

    /** Scores of every row of the row-major {@code values}; one value per row. */
    public double[] scores(float[] values) {
        return score(values, false).score;
    }

    /** Mean score over the rows: the validation loss. */
    public double meanScore(float[] values) {
        double sum = 0.0;
        for (double s : scores(values)) {
            sum += s;
        }
        return sum / (values.length / net.features());
    }

    /** Everything model.onnx and encoder.onnx output, for every row of {@code values}. */
    public Result score(float[] values) {
        return score(values, true);
    }

    /**
     * The decoder's output in feature units for every latent code of the row-major {@code codes} (L
     * values each): what decoder.onnx computes, row-major.
     */
    public double[] decode(float[] codes) {
        int width = net.features();
        int latentLayer = net.latentLayer();
        int latentWidth = net.sizes()[latentLayer];
        int rows = codes.length / latentWidth;
        double[] out = new double[rows * width];
        LayerWorkspace ws = net.workspace(Math.min(CHUNK, Math.max(rows, 1)));
        for (int start = 0; start < rows; start += CHUNK) {
            int n = Math.min(CHUNK, rows - start);
            double[] z = ws.activations(latentLayer);
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < latentWidth; k++) {
                    z[k * n + b] = codes[(start + b) * latentWidth + k];
                }
            }
            net.forwardFrom(ws, latentLayer, n);
            double[] y = ws.output();
            for (int b = 0; b < n; b++) {
                for (int f = 0; f < width; f++) {
                    out[(start + b) * width + f] = unscale(y[f * n + b], f);
                }
            }
        }
        return out;
    }

    private double unscale(double scaled, int feature) {
        return scaled * std[feature] + mean[feature];
    }

    private Result score(float[] values, boolean full) {
        int width = net.features();
        int rows = values.length / width;
        int latentWidth = net.sizes()[net.latentLayer()];
        Result result = new Result(rows, width, full ? latentWidth : 0);
        LayerWorkspace ws = net.workspace(Math.min(CHUNK, Math.max(rows, 1)));
        for (int start = 0; start < rows; start += CHUNK) {
            int n = Math.min(CHUNK, rows - start);
            for (int b = 0; b < n; b++) {
                scaler.scaleInto(values, start + b, ws.input(), b, n);
            }
            net.forward(ws, n);
            collect(ws, n, start, result, full);
        }
        return result;
    }

    private void collect(LayerWorkspace ws, int n, int start, Result r, boolean full) {
        int width = net.features();
        double[] x = ws.input();
        double[] y = ws.output();
        double[] latent = ws.activations(net.latentLayer());
        PosteriorKl kl = net.posteriorKl();
        LatentDistance distance = net.latentDistance();
        for (int b = 0; b < n; b++) {
            int row = start + b;
            double sum = 0.0;
            for (int f = 0; f < width; f++) {
                double d = y[f * n + b] - x[f * n + b];
                sum += d * d;
                if (full) {
                    r.featureErrors[row * width + f] = d * d;
                    r.reconstruction[row * width + f] = unscale(y[f * n + b], f);
                }
            }
            r.score[row] = sum / width;
            if (kl != null) {
                r.score[row] += kl.term(ws.activations(net.latentLayer() - 1), latent, b, n);
            }
            if (distance != null) {
                r.score[row] = distance.combine(r.score[row], distance.t2(latent, b, n));
            }
            for (int k = 0; k < r.latentWidth; k++) {
                r.latent[row * r.latentWidth + k] = latent[k * n + b];
            }
        }
    }

    /** Row-major outputs of one scoring pass. */
    public static final class Result {
        /**
         * Mean squared error over features, scaled units (plus the KL term of a VAE scored by the
         * negative ELBO), combined with the latent distance where the network has one; one per row.
         */
        public final double[] score;

        /** Squared error per feature, scaled units. */
        public final double[] featureErrors;

        /** Reconstruction in feature units. */
        public final double[] reconstruction;

        /** The latent code (encoder.onnx's output). */
        public final double[] latent;

        final int latentWidth;

        Result(int rows, int width, int latentWidth) {
            boolean full = latentWidth > 0;
            this.score = new double[rows];
            this.featureErrors = new double[full ? rows * width : 0];
            this.reconstruction = new double[full ? rows * width : 0];
            this.latent = new double[rows * latentWidth];
            this.latentWidth = latentWidth;
        }
    }
}
