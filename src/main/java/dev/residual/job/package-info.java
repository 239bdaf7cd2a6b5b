/** The scoring job: options and wiring. Never imports train, eval or cli. */
package dev.residual.job;
