package dev.residual.train;

import java.util.Arrays;
import org.tribuo.math.Parameters;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.protos.ParametersProto;

/**
 * A {@link ConvAutoencoder}'s weights as Tribuo {@link Parameters}, so that a Tribuo optimiser
 * ({@link AdamOptimiser}) steps them: one vector per weight array and per bias array, layer by
 * layer. Adam works value by value, so the vectors need not keep the kernels' shape.
 */
final class ConvParameters implements Parameters {
    private static final long serialVersionUID = 1L;

    private final transient double[][] arrays;
    private final Tensor[] gradients;

    ConvParameters(ConvAutoencoder net) {
        arrays = new double[2 * net.depth()][];
        for (int l = 0; l < net.depth(); l++) {
            arrays[2 * l] = net.layers[l].weights;
            arrays[2 * l + 1] = net.layers[l].biases;
        }
        gradients = getEmptyCopy();
    }

    @Override
    public Tensor[] getEmptyCopy() {
        Tensor[] t = new Tensor[arrays.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = new DenseVector(arrays[i].length);
        }
        return t;
    }

    @Override
    public Tensor[] get() {
        Tensor[] t = new Tensor[arrays.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = DenseVector.createDenseVector(arrays[i]);
        }
        return t;
    }

    @Override
    public void set(Tensor[] newWeights) {
        for (double[] a : arrays) {
            Arrays.fill(a, 0.0);
        }
        update(newWeights);
    }

    @Override
    public void update(Tensor[] updates) {
        for (int i = 0; i < arrays.length; i++) {
            DenseVector u = (DenseVector) updates[i];
            for (int j = 0; j < arrays[i].length; j++) {
                arrays[i][j] += u.get(j);
            }
        }
    }

    @Override
    public Tensor[] merge(Tensor[][] grads, int size) {
        return AutoencoderParameters.sum(grads, size);
    }

    /** The loss gradient negated into the reused tensors: Tribuo's optimisers ascend. */
    Tensor[] ascentDirection(double[][] grads) {
        for (int i = 0; i < arrays.length; i++) {
            DenseVector g = (DenseVector) gradients[i];
            for (int j = 0; j < grads[i].length; j++) {
                g.set(j, -grads[i][j]);
            }
        }
        return gradients;
    }

    /** Not supported: trained models are persisted as ONNX bundles. */
    @Override
    public ParametersProto serialize() {
        throw new UnsupportedOperationException(
                "convolutional autoencoder parameters are exported as ONNX, not Tribuo protobuf");
    }
}
