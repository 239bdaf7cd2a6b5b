/**
 * JMH micro-benchmarks of the job's per-record steps: decoding, ONNX scoring by batch size and the
 * rolling threshold; and {@link dev.residual.bench.RecurrentTrainingComparison}, {@link
 * dev.residual.bench.ConvTrainingComparison} and {@link
 * dev.residual.bench.DenseTrainingComparison}, training's forward and backward passes before and
 * after their kernels were rewritten, side by side. Compiled with the tests, never run by the
 * build: {@link dev.residual.bench.Jmh} runs the JMH ones (README, "Performance").
 */
package dev.residual.bench;
