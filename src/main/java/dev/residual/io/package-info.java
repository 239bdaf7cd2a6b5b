/**
 * Input decoding, dead letters, anomaly event encoding and the Kafka (de)serialization schemas.
 * Knows {@code model} only.
 */
package dev.residual.io;
