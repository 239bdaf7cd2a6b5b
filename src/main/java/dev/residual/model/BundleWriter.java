package dev.residual.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes model bundles so that a reader only ever sees a complete, verified bundle or none. The
 * files go into a hidden temporary directory next to the target, the manifest gets their SHA-256,
 * the result is loaded back with {@link ModelBundle#load} and only then renamed into place in one
 * atomic step. Existing bundles are never overwritten; publishing swaps {@code CURRENT} with an
 * atomic rename as well, so the job never reads a half-written name.
 *
 * <p>Atomic is not durable: after a power loss, a rename may have reached the disk before the
 * contents of the files it publishes, and {@code CURRENT} would name a bundle of empty files. So
 * every file is forced to disk, then its directory, before the rename that publishes it, and the
 * models directory after it.
 */
public final class BundleWriter {
    private static final String DIR_PERMISSIONS = "rwxr-xr-x";
    private static final String FILE_PERMISSIONS = "rw-r--r--";

    private BundleWriter() {}

    /**
     * Writes {@code modelsDir/bundleName}.
     *
     * @param manifest the manifest; its {@code files} are replaced by the checksums of {@code
     *     files}
     * @param files bundle file name to content; must contain model.onnx, not manifest.json
     * @return the bundle directory
     * @throws BundleException if the bundle exists, a name is unusable, or writing or verifying
     *     fails; nothing is left behind then
     */
    public static Path write(
            Path modelsDir, String bundleName, Manifest manifest, Map<String, byte[]> files) {
        checkName(bundleName);
        files.keySet().forEach(BundleWriter::checkName);
        if (files.containsKey(Manifest.MANIFEST_FILE)) {
            throw new BundleException("the manifest is written by BundleWriter, not passed in");
        }
        Path target = modelsDir.resolve(bundleName);
        if (Files.exists(target)) {
            throw new BundleException(
                    "model bundle " + target + " already exists; not overwriting");
        }
        Path temp = null;
        try {
            Files.createDirectories(modelsDir);
            temp = Files.createTempDirectory(modelsDir, "." + bundleName + ".tmp-");
            shareable(temp, DIR_PERMISSIONS);
            writeFiles(temp, manifest, files);
            syncDirectory(temp);
            ModelBundle.load(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(modelsDir);
            return target;
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(temp);
            throw new BundleException(
                    "model bundle " + target + " already exists; not overwriting", e);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e instanceof BundleException b
                    ? b
                    : new BundleException("cannot write model bundle " + target + ": " + e, e);
        }
    }

    private static void writeFiles(Path dir, Manifest manifest, Map<String, byte[]> files)
            throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(files).entrySet()) {
            writeSynced(dir.resolve(e.getKey()), e.getValue());
            sums.put(e.getKey(), ModelBundle.sha256(e.getValue()));
        }
        manifest.files = sums;
        writeSynced(dir.resolve(Manifest.MANIFEST_FILE), manifest.toJson());
    }

    /** Writes {@code bytes} to {@code file} and forces them to the disk before returning. */
    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Forces {@code dir}'s entries (the names of files created or renamed in it) to the disk. Where
     * a directory cannot be opened for this (Windows), the file system gives no such guarantee and
     * there is nothing to do; a failure to force one that opened is an error.
     */
    private static void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /**
     * Makes {@code modelsDir/bundleName} the live bundle: verifies it, then atomically replaces
     * {@code modelsDir/CURRENT} with a file naming it.
     */
    public static void publish(Path modelsDir, String bundleName) {
        checkName(bundleName);
        ModelBundle.load(modelsDir.resolve(bundleName));
        Path temp = null;
        try {
            temp = Files.createTempFile(modelsDir, "." + ModelBundle.CURRENT, ".tmp");
            writeSynced(temp, (bundleName + "\n").getBytes(StandardCharsets.UTF_8));
            shareable(temp, FILE_PERMISSIONS);
            Files.move(
                    temp,
                    modelsDir.resolve(ModelBundle.CURRENT),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(modelsDir);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new BundleException("cannot publish " + bundleName + " in " + modelsDir, e);
        }
    }

    /**
     * Temporary files are created private to their owner; a bundle is read by the job, which may
     * run as another user, so it gets the usual permissions where the file system has them.
     */
    private static void shareable(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    /** A plain file name: no separators, no dot-names, so nothing lands outside the bundle. */
    /** Refuses a name that cannot be a bundle's directory in a models directory. */
    public static void checkName(String name) {
        if (name == null
                || name.isBlank()
                || name.startsWith(".")
                || name.contains("/")
                || name.contains("\\")
                || name.equals(ModelBundle.CURRENT)) {
            throw new BundleException("'" + name + "' is not a usable bundle or file name");
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(BundleWriter::deleteOne);
        } catch (IOException | UncheckedIOException e) {
            // The temporary name starts with a dot: a leftover is never taken for a bundle.
            return;
        }
    }

    private static void deleteOne(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
