package dev.residual.train;

import org.tribuo.math.Parameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.protos.ParametersProto;

/**
 * A {@link RecurrentAutoencoder}'s weight arrays as Tribuo {@link Parameters}, one flat {@link
 * DenseVector} per array, so that a Tribuo optimiser (element-wise, like Adam) steps them. The
 * network keeps its flat arrays; this adapter copies between them and the tensors once a step.
 */
final class RecurrentParameters implements Parameters {
    private static final long serialVersionUID = 1L;

    private final transient double[][] arrays;
    private final transient double[][] gradients;
    private final transient StochasticGradientOptimiser optimiser;
    private final Tensor[] direction;

    /** Initialises {@code optimiser} on the weights of {@code net}. */
    RecurrentParameters(RecurrentAutoencoder net, StochasticGradientOptimiser optimiser) {
        this.arrays = net.parameters();
        this.gradients = new double[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            gradients[i] = new double[arrays[i].length];
        }
        this.optimiser = optimiser;
        this.direction = getEmptyCopy();
        optimiser.initialise(this);
    }

    /** Buffers shaped as the network's parameters, which a batch's gradient is written into. */
    double[][] gradients() {
        return gradients;
    }

    /** One optimiser step down the gradient in {@link #gradients()}, added to the weights. */
    void descend() {
        for (int i = 0; i < arrays.length; i++) {
            DenseVector v = (DenseVector) direction[i];
            for (int j = 0; j < gradients[i].length; j++) {
                // Tribuo's optimisers expect the direction that increases the objective.
                v.set(j, -gradients[i][j]);
            }
        }
        update(optimiser.step(direction, 1.0));
    }

    @Override
    public Tensor[] getEmptyCopy() {
        Tensor[] copy = new Tensor[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            copy[i] = new DenseVector(arrays[i].length);
        }
        return copy;
    }

    @Override
    public Tensor[] get() {
        Tensor[] copy = new Tensor[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            copy[i] = DenseVector.createDenseVector(arrays[i]);
        }
        return copy;
    }

    @Override
    public void set(Tensor[] newWeights) {
        for (int i = 0; i < arrays.length; i++) {
            DenseVector v = (DenseVector) newWeights[i];
            for (int j = 0; j < arrays[i].length; j++) {
                arrays[i][j] = v.get(j);
            }
        }
    }

    @Override
    public void update(Tensor[] updates) {
        for (int i = 0; i < arrays.length; i++) {
            DenseVector v = (DenseVector) updates[i];
            for (int j = 0; j < arrays[i].length; j++) {
                arrays[i][j] += v.get(j);
            }
        }
    }

    @Override
    public Tensor[] merge(Tensor[][] grads, int size) {
        return AutoencoderParameters.sum(grads, size);
    }

    /** Not supported: trained autoencoders are persisted as ONNX bundles, not Tribuo protobufs. */
    @Override
    public ParametersProto serialize() {
        throw new UnsupportedOperationException(
                "autoencoder parameters are exported as ONNX, not as Tribuo protobuf");
    }
}
