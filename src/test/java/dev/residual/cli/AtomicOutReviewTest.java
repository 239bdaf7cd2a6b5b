package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of 9c87b63 (encode, denoise and generate write --out through a temp file moved into
 * place): Files.createTempFile makes the temp file owner-only (rw-------), and the move puts that
 * file in --out's place, so an --out that others could read (rw-r--r--) becomes readable by its
 * owner alone after a rerun; writing it in place (before) kept its mode.
 */
class AtomicOutReviewTest {
    @TempDir Path dir;

    @Test
    void rewritingAnOutKeepsWhoMayReadIt() throws IOException {
        Path out = dir.resolve("codes.csv");
        Files.writeString(out, "old\n");
        Set<PosixFilePermission> shared = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(out, shared);

        BundleInput.writeAtomically(
                out,
                w -> {
                    w.write("z0\n1.0\n");
                    return 1;
                });

        assertThat(Files.readString(out)).isEqualTo("z0\n1.0\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .as("--out's mode after a rerun")
                .isEqualTo("rw-r--r--");
    }
}
