package dev.residual.train;

import java.util.SplittableRandom;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.Tensor;

/**
 * One pass over the training rows in a fresh random order, a Tribuo optimiser step per minibatch.
 * Buffers are allocated once for the whole training run: nothing is allocated per row or batch.
 */
final class MinibatchEpoch {
    private final DenseAutoencoder net;
    private final AutoencoderParameters parameters;
    private final StochasticGradientOptimiser optimiser;
    private final float[] values;
    private final StandardScaler scaler;
    private final int[] rows;
    private final DenseAutoencoder.Workspace ws;
    private final double[][] weightGrads;
    private final double[][] biasGrads;

    MinibatchEpoch(
            DenseAutoencoder net,
            AutoencoderParameters parameters,
            StochasticGradientOptimiser optimiser,
            TrainingData data,
            StandardScaler scaler,
            int[] rows,
            int batchSize) {
        this.net = net;
        this.parameters = parameters;
        this.optimiser = optimiser;
        this.values = data.values();
        this.scaler = scaler;
        this.rows = rows;
        this.ws = net.workspace(Math.min(batchSize, rows.length));
        this.weightGrads = new double[net.layers()][];
        this.biasGrads = new double[net.layers()][];
        for (int l = 0; l < net.layers(); l++) {
            weightGrads[l] = new double[net.weights[l].length];
            biasGrads[l] = new double[net.biases[l].length];
        }
    }

    /** Runs the epoch; returns the mean over batches of the batch loss, weighted by batch size. */
    double run(SplittableRandom random, double weightDecay) {
        Split.shuffle(rows, rows.length, random);
        double sum = 0.0;
        for (int start = 0; start < rows.length; start += ws.maxBatch()) {
            int n = Math.min(ws.maxBatch(), rows.length - start);
            for (int b = 0; b < n; b++) {
                scaler.scaleInto(values, rows[start + b], ws.input(), b, n);
            }
            sum += n * net.lossAndGradients(ws, n, weightDecay, weightGrads, biasGrads);
            Tensor[] step = parameters.ascentDirection(weightGrads, biasGrads);
            parameters.update(optimiser.step(step, 1.0));
        }
        return sum / rows.length;
    }
}
