package dev.residual.train;

/**
 * The KL term a variational model adds to its score when it is scored by the negative ELBO: the
 * encoder's log-variance head ({@code L x H}, row-major, from the layer below the latent code) and
 * the weight of the term, {@code beta / F}, the same as in the training loss. With it the score of
 * a row is the decoded mean's reconstruction error plus {@code weight * KL(q(z|x) || N(0, I))}: a
 * row whose code lies far out in the prior, or is unusually certain, scores higher even when it is
 * reconstructed well.
 */
final class PosteriorKl {
    final double[] weights;
    final double[] biases;
    final double weight;
    private final int latent;
    private final int below;

    PosteriorKl(double[] weights, double[] biases, double weight) {
        this.weights = weights;
        this.biases = biases;
        this.weight = weight;
        this.latent = biases.length;
        this.below = weights.length / latent;
    }

    int latent() {
        return latent;
    }

    int below() {
        return below;
    }

    /**
     * The weighted KL term of row {@code b} of a feature-major batch of {@code n} rows, from the
     * activations below the latent layer and the latent means.
     */
    double term(double[] hidden, double[] mean, int b, int n) {
        double kl = 0.0;
        for (int k = 0; k < latent; k++) {
            double logVar = biases[k];
            for (int i = 0; i < below; i++) {
                logVar += weights[k * below + i] * hidden[i * n + b];
            }
            double mu = mean[k * n + b];
            kl += mu * mu + Math.exp(logVar) - 1.0 - logVar;
        }
        return weight * 0.5 * kl;
    }
}
