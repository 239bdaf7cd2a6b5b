package dev.residual.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import java.util.function.DoubleUnaryOperator;
import org.tribuo.math.Parameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.Tensor;

/**
 * Adam (Kingma and Ba, 2015) as a Tribuo {@link StochasticGradientOptimiser}. It is Tribuo's {@code
 * org.tribuo.math.optimisers.Adam} with one fix: Tribuo 4.3.2 multiplies the step by {@code sqrt(v)
 * + epsilon} where Adam divides by it (fixed upstream in oracle/tribuo#401, not yet released),
 * which makes it crawl on networks. Replace this with Tribuo's class once a release carries the
 * fix.
 */
public final class AdamOptimiser implements StochasticGradientOptimiser {
    @Config(description = "Learning rate to scale the gradients by.")
    private double initialLearningRate = 0.001;

    @Config(description = "The beta one parameter.")
    private double betaOne = 0.9;

    @Config(description = "The beta two parameter.")
    private double betaTwo = 0.999;

    @Config(description = "Epsilon for numerical stability.")
    private double epsilon = 1e-8;

    private int iterations;
    private Tensor[] firstMoment;
    private Tensor[] secondMoment;

    /** For OLCUT configuration. */
    private AdamOptimiser() {}

    public AdamOptimiser(double learningRate, double betaOne, double betaTwo, double epsilon) {
        this.initialLearningRate = learningRate;
        this.betaOne = betaOne;
        this.betaTwo = betaTwo;
        this.epsilon = epsilon;
    }

    /** Adam with the paper's defaults and the given learning rate. */
    public AdamOptimiser(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    @Override
    public void initialise(Parameters parameters) {
        firstMoment = parameters.getEmptyCopy();
        secondMoment = parameters.getEmptyCopy();
        iterations = 0;
    }

    @Override
    public Tensor[] step(Tensor[] updates, double weight) {
        iterations++;
        double learningRate =
                initialLearningRate
                        * Math.sqrt(1.0 - Math.pow(betaTwo, iterations))
                        / (1.0 - Math.pow(betaOne, iterations));
        DoubleUnaryOperator scale = a -> a * learningRate;
        DoubleUnaryOperator firstWeight = a -> a * (1.0 - betaOne);
        DoubleUnaryOperator secondWeight = a -> a * a * (1.0 - betaTwo);
        DoubleUnaryOperator inverseRoot = a -> 1.0 / (Math.sqrt(a) + epsilon);
        for (int i = 0; i < updates.length; i++) {
            firstMoment[i].scaleInPlace(betaOne);
            firstMoment[i].intersectAndAddInPlace(updates[i], firstWeight);
            secondMoment[i].scaleInPlace(betaTwo);
            secondMoment[i].intersectAndAddInPlace(updates[i], secondWeight);
            updates[i].scaleInPlace(0.0);
            updates[i].intersectAndAddInPlace(firstMoment[i], scale);
            updates[i].hadamardProductInPlace(secondMoment[i], inverseRoot);
        }
        return updates;
    }

    @Override
    public void reset() {
        firstMoment = null;
        secondMoment = null;
        iterations = 0;
    }

    @Override
    public AdamOptimiser copy() {
        return new AdamOptimiser(initialLearningRate, betaOne, betaTwo, epsilon);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser");
    }

    @Override
    public String toString() {
        return "Adam(learningRate="
                + initialLearningRate
                + ",betaOne="
                + betaOne
                + ",betaTwo="
                + betaTwo
                + ",epsilon="
                + epsilon
                + ")";
    }
}
