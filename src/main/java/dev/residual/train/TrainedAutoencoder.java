package dev.residual.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained network with everything needed to export and describe it: the scaler it was trained
 * with, the feature order, the loss curves and the provenance.
 */
public final class TrainedAutoencoder {
    private final DenseAutoencoder net;
    private final StandardScaler scaler;
    private final List<String> featureNames;
    private final List<Double> trainLoss;
    private final List<Double> validationLoss;
    private final int trainRows;
    private final int validationRows;
    private final double seconds;
    private final Map<String, String> provenance;
    private final ModelKind kind;
    private final Map<String, String> kindHyperparameters;

    private TrainedAutoencoder(Builder b, DenseAutoencoder net, Split split, double seconds) {
        this.net = net;
        this.scaler = b.scaler;
        this.featureNames = b.featureNames;
        this.trainLoss = List.copyOf(b.trainLoss);
        this.validationLoss = List.copyOf(b.validationLoss);
        this.trainRows = split.trainRows();
        this.validationRows = split.validationRows();
        this.seconds = seconds;
        this.provenance = b.provenance;
        this.kind = b.kind;
        this.kindHyperparameters = b.kindHyperparameters;
    }

    private TrainedAutoencoder(TrainedAutoencoder o, DenseAutoencoder net) {
        this.net = net;
        this.scaler = o.scaler;
        this.featureNames = o.featureNames;
        this.trainLoss = o.trainLoss;
        this.validationLoss = o.validationLoss;
        this.trainRows = o.trainRows;
        this.validationRows = o.validationRows;
        this.seconds = o.seconds;
        this.provenance = o.provenance;
        this.kind = o.kind;
        this.kindHyperparameters = o.kindHyperparameters;
    }

    /**
     * This model scored by {@code --score reconstruction+latent}: its reconstruction score combined
     * with {@code distance}, in the Java forward pass and in the exported graph alike.
     */
    TrainedAutoencoder withLatentDistance(LatentDistance distance) {
        return new TrainedAutoencoder(this, net.withLatentDistance(distance));
    }

    static Builder builder(TrainingData data, StandardScaler scaler) {
        return new Builder(data.featureNames(), scaler);
    }

    /**
     * The network of the epoch with the lowest validation loss; null for a windowed kind, whose
     * network is not dense (see {@link WindowedNetwork}).
     */
    public DenseAutoencoder network() {
        return net;
    }

    public StandardScaler scaler() {
        return scaler;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** Mean training loss of every epoch run. */
    public List<Double> trainLoss() {
        return trainLoss;
    }

    /** Validation loss (mean score) after every epoch run. */
    public List<Double> validationLoss() {
        return validationLoss;
    }

    public int epochsRun() {
        return trainLoss.size();
    }

    public int trainRows() {
        return trainRows;
    }

    public int validationRows() {
        return validationRows;
    }

    /** Wall-clock seconds of training, validation included. */
    public double seconds() {
        return seconds;
    }

    /** Training rows processed per second, over all epochs. */
    public double rowsPerSecond() {
        return seconds > 0 ? (double) trainRows * epochsRun() / seconds : 0.0;
    }

    /** Deterministic provenance: trainer, hyperparameters, data source. */
    public Map<String, String> provenance() {
        return provenance;
    }

    /** Which kind of the family this is. */
    public ModelKind kind() {
        return kind;
    }

    /** The kind's own settings (noise, masking, KL weight), in the order the trainer set them. */
    public Map<String, String> kindHyperparameters() {
        return kindHyperparameters;
    }

    /** A scorer running this network's Java forward pass. */
    public AutoencoderScorer scorer() {
        return new AutoencoderScorer(net, scaler);
    }

    /** Collects the curves while training runs. */
    static final class Builder {
        private final List<String> featureNames;
        private final StandardScaler scaler;
        private final List<Double> trainLoss = new ArrayList<>();
        private final List<Double> validationLoss = new ArrayList<>();
        private Map<String, String> provenance;
        private ModelKind kind;
        private Map<String, String> kindHyperparameters;

        private Builder(List<String> featureNames, StandardScaler scaler) {
            this.featureNames = featureNames;
            this.scaler = scaler;
        }

        void epoch(double train, double validation) {
            trainLoss.add(train);
            validationLoss.add(validation);
        }

        TrainedAutoencoder build(
                DenseAutoencoder best,
                Split split,
                double seconds,
                Map<String, String> prov,
                ModelKind modelKind,
                Map<String, String> hyperparameters) {
            this.provenance = Collections.unmodifiableMap(new TreeMap<>(prov));
            this.kind = modelKind;
            this.kindHyperparameters =
                    Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
            return new TrainedAutoencoder(this, best, split, seconds);
        }
    }
}
