/**
 * JMH micro-benchmarks of the job's per-record steps: decoding, ONNX scoring by batch size and the
 * rolling threshold. Compiled with the tests, never run by the build: {@link
 * dev.residual.bench.Jmh} runs them (README, "Performance").
 */
package dev.residual.bench;
