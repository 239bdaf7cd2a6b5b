/**
 * Rolling per-entity thresholds in keyed state, episodes and the anomaly events they yield. Sees
 * scores, never the model runtime.
 */
package dev.residual.threshold;
