package dev.residual.train;

import java.util.Arrays;
import org.tribuo.math.Parameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.protos.ParametersProto;

/**
 * The autoencoder's weights seen as Tribuo {@link Parameters}, so that any of Tribuo's {@code
 * StochasticGradientOptimiser}s can train it. Tensors are ordered weights then bias, layer by
 * layer: {@code W0 (out x in), b0, W1, b1, ...}; with several networks (the variational kind's
 * encoder and decoder), the layers of the first, then those of the next.
 *
 * <p>The network keeps its own flat arrays for speed; this adapter copies between them and Tribuo
 * tensors once per step, which costs a few thousand values against millions of multiply-adds in the
 * batch itself. The gradient tensors are allocated once and reused for every step.
 */
public final class AutoencoderParameters implements Parameters {
    private static final long serialVersionUID = 1L;

    private final transient double[][] weights;
    private final transient double[][] biases;
    private final int[] ins;
    private final int[] outs;
    private final Tensor[] gradients;

    public AutoencoderParameters(DenseAutoencoder... nets) {
        int layers = Arrays.stream(nets).mapToInt(DenseAutoencoder::layers).sum();
        this.weights = new double[layers][];
        this.biases = new double[layers][];
        this.ins = new int[layers];
        this.outs = new int[layers];
        int i = 0;
        for (DenseAutoencoder net : nets) {
            int[] sizes = net.sizes();
            for (int l = 0; l < net.layers(); l++, i++) {
                weights[i] = net.weights[l];
                biases[i] = net.biases[l];
                ins[i] = sizes[l];
                outs[i] = sizes[l + 1];
            }
        }
        this.gradients = getEmptyCopy();
    }

    /** Number of layers over all the networks: the length of the gradient arrays. */
    public int layers() {
        return weights.length;
    }

    @Override
    public Tensor[] getEmptyCopy() {
        Tensor[] copy = new Tensor[2 * layers()];
        for (int l = 0; l < layers(); l++) {
            copy[2 * l] = new DenseMatrix(outs[l], ins[l]);
            copy[2 * l + 1] = new DenseVector(outs[l]);
        }
        return copy;
    }

    @Override
    public Tensor[] get() {
        Tensor[] copy = getEmptyCopy();
        for (int l = 0; l < layers(); l++) {
            write(weights[l], biases[l], copy, l, 1.0);
        }
        return copy;
    }

    @Override
    public void set(Tensor[] newWeights) {
        for (int l = 0; l < layers(); l++) {
            Arrays.fill(weights[l], 0.0);
            Arrays.fill(biases[l], 0.0);
        }
        update(newWeights);
    }

    /** Adds the tensors (an optimiser's step) to the networks' weights. */
    @Override
    public void update(Tensor[] updates) {
        for (int l = 0; l < layers(); l++) {
            DenseMatrix w = (DenseMatrix) updates[2 * l];
            DenseVector b = (DenseVector) updates[2 * l + 1];
            int in = ins[l];
            for (int j = 0; j < outs[l]; j++) {
                for (int k = 0; k < in; k++) {
                    weights[l][j * in + k] += w.get(j, k);
                }
                biases[l][j] += b.get(j);
            }
        }
    }

    /** Gradient buffers shaped like the weights ({@code [0]}) and biases ({@code [1]}). */
    double[][][] gradientBuffers() {
        double[][][] g = new double[2][layers()][];
        for (int l = 0; l < layers(); l++) {
            g[0][l] = new double[weights[l].length];
            g[1][l] = new double[biases[l].length];
        }
        return g;
    }

    @Override
    public Tensor[] merge(Tensor[][] grads, int size) {
        return sum(grads, size);
    }

    /** The first {@code size} gradient sets added into the first: any parameters' merge. */
    static Tensor[] sum(Tensor[][] grads, int size) {
        for (int i = 1; i < size; i++) {
            for (int t = 0; t < grads[0].length; t++) {
                grads[0][t].intersectAndAddInPlace(grads[i][t]);
            }
        }
        return grads[0];
    }

    /**
     * Loads the loss gradient into the reused tensors, negated: Tribuo's optimisers expect the
     * direction that increases the objective and {@link #update} adds their step.
     */
    public Tensor[] ascentDirection(double[][] weightGrads, double[][] biasGrads) {
        for (int l = 0; l < layers(); l++) {
            write(weightGrads[l], biasGrads[l], gradients, l, -1.0);
        }
        return gradients;
    }

    private void write(double[] w, double[] b, Tensor[] into, int l, double sign) {
        DenseMatrix m = (DenseMatrix) into[2 * l];
        DenseVector v = (DenseVector) into[2 * l + 1];
        int out = m.getDimension1Size();
        int in = m.getDimension2Size();
        for (int j = 0; j < out; j++) {
            for (int k = 0; k < in; k++) {
                m.set(j, k, sign * w[j * in + k]);
            }
            v.set(j, sign * b[j]);
        }
    }

    /** Not supported: trained autoencoders are persisted as ONNX bundles, not Tribuo protobufs. */
    @Override
    public ParametersProto serialize() {
        throw new UnsupportedOperationException(
                "autoencoder parameters are exported as ONNX, not as Tribuo protobuf");
    }
}
