package dev.residual.train;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
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
    EXP("Exp");

    private final String opName;

    OnnxOps(String opName) {
        this.opName = opName;
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return 1;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return Collections.emptyMap();
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
