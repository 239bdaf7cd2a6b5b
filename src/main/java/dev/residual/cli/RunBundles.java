package dev.residual.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The bundles an {@code evaluate} run trains, {@code OUT/bundles}: written into a staging directory
 * beside it, which takes the place of a previous run's only once the run is complete, so that the
 * same {@code --out} can be run again and a failed run leaves the previous bundles as they were.
 */
final class RunBundles {
    private static final String BUNDLES = "bundles";
    private static final String STAGING = ".bundles.new";
    private static final String PREVIOUS = ".bundles.old";

    private RunBundles() {}

    /** An empty staging directory under {@code out}, a failed run's leftover removed first. */
    static Path staging(Path out) throws IOException {
        Path staging = out.resolve(STAGING);
        delete(staging);
        delete(out.resolve(PREVIOUS));
        return Files.createDirectories(staging);
    }

    /**
     * Makes the staging directory {@code out/bundles}, replacing (and saying so) a previous run's.
     */
    static Path replace(Path out, PrintWriter log) throws IOException {
        Path bundles = out.resolve(BUNDLES);
        Path previous = out.resolve(PREVIOUS);
        boolean had = Files.exists(bundles);
        if (had) {
            Files.move(bundles, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(out.resolve(STAGING), bundles, StandardCopyOption.ATOMIC_MOVE);
        if (had) {
            delete(previous);
            log.println("replaced the previous run's " + bundles);
        }
        return bundles;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
