/**
 * Scoring with ONNX Runtime: the scorer, the batching operator in front of it and the {@code
 * RichMapFunction} around it.
 */
package dev.residual.score;
