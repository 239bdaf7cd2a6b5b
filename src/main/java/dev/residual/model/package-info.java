/**
 * Model bundles: the manifest, loading with verification, writing and publishing. Knows nothing
 * else of Residual.
 */
package dev.residual.model;
