/**
 * Baseline detectors that Residual is measured against, side by side on the same stream: AWS
 * RandomCutForest. Used by {@code residual evaluate} and {@code residual bench}, never by the
 * scoring job.
 */
package dev.residual.baseline;
