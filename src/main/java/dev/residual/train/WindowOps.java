package dev.residual.train;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * Standard ONNX operators the windowed graphs need that Tribuo's {@link ONNXOperators} lacks,
 * declared at Tribuo's opset (13) so one opset import covers the graph.
 */
public enum WindowOps implements ONNXOperator {
    /** 1-D convolution: inputs X [N,C,L], W [M,C,k], B [M]. */
    CONV("Conv", 2, 1, "kernel_shape", "strides", "pads"),
    /** 1-D transposed convolution: inputs X [N,C,L], W [C,M,k], B [M]. */
    CONV_TRANSPOSE("ConvTranspose", 2, 1, "kernel_shape", "strides", "pads", "output_padding"),
    /** Reshape to the shape given as a second, int64 input (-1: inferred). */
    RESHAPE("Reshape", 2, 0),
    /** Permutes the axes as {@code perm} says. */
    TRANSPOSE("Transpose", 1, 0, "perm");

    private final String opName;
    private final int inputs;
    private final int optionalInputs;
    private final Map<String, ONNXAttribute> attributes;

    WindowOps(String opName, int inputs, int optionalInputs, String... intsAttributes) {
        this.opName = opName;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        Map<String, ONNXAttribute> a = new LinkedHashMap<>();
        for (String name : intsAttributes) {
            a.put(name, new ONNXAttribute(name, AttributeType.INTS, false));
        }
        this.attributes = Collections.unmodifiableMap(a);
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
        return 1;
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
