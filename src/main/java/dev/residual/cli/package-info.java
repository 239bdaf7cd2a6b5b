/** The {@code residual} commands (picocli) and the local stack behind the demo. */
package dev.residual.cli;
