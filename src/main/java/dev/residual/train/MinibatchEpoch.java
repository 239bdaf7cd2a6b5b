package dev.residual.train;

import java.util.SplittableRandom;
import org.tribuo.math.StochasticGradientOptimiser;

/**
 * One pass over the training rows in a fresh random order, a Tribuo optimiser step per minibatch.
 * With a {@link Corruption}, the network sees a corrupted copy of each batch and is scored against
 * the clean one (the denoising kind). Buffers are allocated once for the whole training run:
 * nothing is allocated per row or batch.
 */
final class MinibatchEpoch implements EpochLoop {
    private final DenseAutoencoder net;
    private final GradientStep gradients;
    private final RowBatches batches;
    private final double weightDecay;
    private final Corruption corruption;
    private final SplittableRandom noise;
    private final LayerWorkspace ws;
    private final double[] clean;

    MinibatchEpoch(
            DenseAutoencoder net,
            StochasticGradientOptimiser optimiser,
            RowBatches batches,
            double weightDecay,
            Corruption corruption,
            SplittableRandom noise) {
        this.net = net;
        this.gradients = new GradientStep(optimiser, net);
        this.batches = batches;
        this.weightDecay = weightDecay;
        this.corruption = corruption;
        this.noise = noise;
        this.ws = net.workspace(batches.batchSize());
        this.clean = new double[ws.input().length];
    }

    /** Runs the epoch; returns the mean over batches of the batch loss, weighted by batch size. */
    @Override
    public double run(SplittableRandom random) {
        return batches.epoch(random, ws.input(), this::step);
    }

    private double step(int n) {
        double[] target = ws.input();
        if (!corruption.isNone()) {
            System.arraycopy(ws.input(), 0, clean, 0, n * net.features());
            corruption.apply(ws.input(), n * net.features(), noise);
            target = clean;
        }
        double loss =
                net.lossAndGradients(
                        ws,
                        target,
                        n,
                        weightDecay,
                        gradients.weightGrads,
                        gradients.biasGrads,
                        false);
        gradients.descend();
        return loss;
    }

    @Override
    public DenseAutoencoder scoringNetwork() {
        return net;
    }
}
