/**
 * Scoring with ONNX Runtime: the scorer, the batching operator in front of it and the {@code
 * RichMapFunction} around it; for windowed models, the keyed window assembler that builds each
 * entity's sliding window and the function that scores windows; for bundles trained behind
 * per-entity baselines, the baseline rule and its keyed function, which standardise each entity's
 * features by its own rolling statistics before scoring.
 */
package dev.residual.score;
