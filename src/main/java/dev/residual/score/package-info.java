/**
 * Scoring with ONNX Runtime: the scorer, the batching operator in front of it and the {@code
 * RichMapFunction} around it; for windowed models, the keyed window assembler that builds each
 * entity's sliding window and the function that scores windows.
 */
package dev.residual.score;
