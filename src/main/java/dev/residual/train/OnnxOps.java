package dev.residual.train;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * ONNX operators the autoencoder graphs need that Tribuo's {@link ONNXOperators} lacks. They are
 * declared at Tribuo's opset so that one opset import covers the whole graph.
 */
public enum OnnxOps implements ONNXOperator {
    /** Element-wise hyperbolic tangent. */
    TANH("Tanh"),
    /** Element-wise max(x, 0). */
    RELU("Relu"),
    /** Element-wise exponential: the variance from the log-variance, for the ELBO score. */
    EXP("Exp"),
    /** Matrix product of its two inputs: the whitening of the latent code. */
    MATMUL("MatMul", 2, 0, 1, Map.of()),
    /** Sum of squares over the {@code axes} (an attribute at opset 13): the latent code's T². */
    REDUCE_SUM_SQUARE(
            "ReduceSumSquare",
            1,
            0,
            1,
            Map.of("axes", AttributeType.INTS, "keepdims", AttributeType.INT)),
    /** Reshapes its first input to the shape in its second (0 keeps a dimension). */
    RESHAPE("Reshape", 2, 0, 1, Map.of()),
    /** Permutes the axes of its input. */
    TRANSPOSE("Transpose", 1, 0, 1, Map.of("perm", AttributeType.INTS)),
    /** 1-D convolution: inputs X [N,C,L], W [M,C,k], B [M]. */
    CONV(
            "Conv",
            2,
            1,
            1,
            Map.of(
                    "kernel_shape", AttributeType.INTS,
                    "strides", AttributeType.INTS,
                    "pads", AttributeType.INTS)),
    /** 1-D transposed convolution: inputs X [N,C,L], W [C,M,k], B [M]. */
    CONV_TRANSPOSE(
            "ConvTranspose",
            2,
            1,
            1,
            Map.of(
                    "kernel_shape", AttributeType.INTS,
                    "strides", AttributeType.INTS,
                    "pads", AttributeType.INTS,
                    "output_padding", AttributeType.INTS)),
    /** An LSTM layer (inputs X, W, R, B; outputs Y, Y_h), gates in ONNX's order iofc. */
    LSTM("LSTM", 3, 5, 2, Map.of("hidden_size", AttributeType.INT)),
    /** A GRU layer (inputs X, W, R, B; outputs Y, Y_h), gates in ONNX's order zrh. */
    GRU(
            "GRU",
            3,
            3,
            2,
            Map.of("hidden_size", AttributeType.INT, "linear_before_reset", AttributeType.INT));

    private final String opName;
    private final int inputs;
    private final int optionalInputs;
    private final int outputs;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOps(String opName) {
        this(opName, 1, 0, 1, Map.of());
    }

    /** An operator whose attributes, all optional here, have the given types. */
    OnnxOps(
            String opName,
            int inputs,
            int optionalInputs,
            int outputs,
            Map<String, AttributeType> attributes) {
        this.opName = opName;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        this.outputs = outputs;
        Map<String, ONNXAttribute> declared = new TreeMap<>();
        attributes.forEach(
                (name, type) -> declared.put(name, new ONNXAttribute(name, type, false)));
        this.attributes = Collections.unmodifiableMap(declared);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return outputs;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Collections.emptySet();
    }

    @Override
    public int getOpVersion() {
        return ONNXOperators.getOpsetVersion();
    }

    @Override
    public String getOpDomain() {
        return null;
    }
}
