package dev.residual.train;

import dev.residual.model.Manifest;

/**
 * History cut for a windowed kind (conv, lstm, gru): its rows, their {@link Windows}, the seeded
 * split of the windows (held-out blocks, no row shared with training) and the scaler fitted on the
 * rows of the training windows. Every windowed kind trains, checks and calibrates on these.
 *
 * @param data the rows as read, in source order
 * @param windows the windows of W consecutive rows of one entity, in time order
 * @param split indices into {@code windows}: training and validation windows
 * @param scaler fitted on every row of the training windows, once each
 */
record WindowedHistory(TrainingData data, Windows windows, Split split, StandardScaler scaler) {
    /**
     * Cuts {@code data} into windows of {@code window} rows and splits them.
     *
     * @throws HistoryException when the history gives too few windows, naming --window
     */
    static WindowedHistory of(TrainingData data, int window, double validationFraction, long seed) {
        Windows windows = Windows.forTraining(data, window);
        Split split = windows.split(validationFraction, seed);
        StandardScaler scaler =
                StandardScaler.fit(data.values(), data.featureNames(), windows.rows(split.train()));
        return new WindowedHistory(data, windows, split, scaler);
    }

    /** The training windows, flattened time-major: {@code train x (W * F)}, raw. */
    float[] train() {
        return windows.gather(data.values(), data.features(), split.train());
    }

    /** The validation windows, flattened time-major: {@code validation x (W * F)}, raw. */
    float[] validation() {
        return windows.gather(data.values(), data.features(), split.validation());
    }

    /**
     * Sets a windowed manifest's window, window score and gap limit (which the job cuts served
     * windows at unless told otherwise), and counts rows as rows and windows as windows (the
     * summary it was made from counts windows as its rows).
     */
    void describe(Manifest manifest, WindowScore score) {
        manifest.window = windows.window();
        manifest.windowScore = score.label();
        if (windows.maxGapMillis() != Long.MAX_VALUE) {
            manifest.architecture.put(Manifest.WINDOW_GAP_MS, windows.maxGapMillis());
        }
        manifest.training.put("rows", data.rows());
        manifest.training.remove("train_rows");
        manifest.training.remove("validation_rows");
        manifest.training.put("train_windows", split.trainRows());
        manifest.training.put("validation_windows", split.validationRows());
        manifest.training.put("entities", windows.entities());
        manifest.training.put("segments", windows.segments());
    }
}
