/** Synthetic and labelled data, replayed through the job's own classes, and its metrics. */
package dev.residual.eval;
