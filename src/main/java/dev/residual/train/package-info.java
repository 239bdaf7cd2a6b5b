/** Retraining: data, autoencoders, optimisation, ONNX export, parity check and calibration. */
package dev.residual.train;
