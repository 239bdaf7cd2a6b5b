package dev.residual.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A verified model bundle: the manifest and the bytes of the scoring graph. Loading refuses a
 * bundle whose format version is unknown or whose files do not match their checksums, so the job
 * never scores with a half-written or altered model.
 */
public final class ModelBundle {
    /** The file in a models directory that names the live bundle. */
    public static final String CURRENT = "CURRENT";

    private final Path dir;
    private final Manifest manifest;
    private final byte[] modelBytes;

    private ModelBundle(Path dir, Manifest manifest, byte[] modelBytes) {
        this.dir = dir;
        this.manifest = manifest;
        this.modelBytes = modelBytes;
    }

    /**
     * Loads and verifies a bundle. {@code path} is a bundle directory, or a models directory whose
     * {@code CURRENT} file names one (relative to it).
     */
    public static ModelBundle load(Path path) {
        Path dir = resolve(path);
        Manifest manifest = readManifest(dir);
        verifyChecksums(dir, manifest);
        byte[] model = read(dir.resolve(Manifest.MODEL_FILE));
        return new ModelBundle(dir, manifest, model);
    }

    /** The bundle directory that {@code path} stands for: itself, or what its CURRENT names. */
    public static Path resolve(Path path) {
        if (!Files.isDirectory(path)) {
            throw new BundleException("model bundle " + path + " is not a directory");
        }
        Path current = path.resolve(CURRENT);
        if (!Files.exists(path.resolve(Manifest.MANIFEST_FILE)) && Files.isRegularFile(current)) {
            String name = new String(read(current), StandardCharsets.UTF_8).trim();
            return path.resolve(name);
        }
        return path;
    }

    private static Manifest readManifest(Path dir) {
        Path file = dir.resolve(Manifest.MANIFEST_FILE);
        if (!Files.isRegularFile(file)) {
            throw new BundleException("model bundle " + dir + " has no " + Manifest.MANIFEST_FILE);
        }
        Manifest manifest;
        try {
            manifest = Manifest.fromJson(read(file));
        } catch (IOException e) {
            throw new BundleException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        if (!Manifest.SUPPORTED_VERSIONS.contains(manifest.formatVersion)) {
            throw new BundleException(
                    file
                            + " has format version "
                            + manifest.formatVersion
                            + "; this version of Residual reads "
                            + Manifest.SUPPORTED_VERSIONS);
        }
        if (manifest.features == null || manifest.features.isEmpty()) {
            throw new BundleException(file + " names no features");
        }
        return manifest;
    }

    private static void verifyChecksums(Path dir, Manifest manifest) {
        if (!manifest.files.containsKey(Manifest.MODEL_FILE)) {
            throw new BundleException(
                    dir.resolve(Manifest.MANIFEST_FILE) + " has no checksum for model.onnx");
        }
        for (Map.Entry<String, String> e : manifest.files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new BundleException(
                        "model bundle " + dir + " lists " + e.getKey() + " but it is missing");
            }
            String actual = sha256(read(file));
            if (!actual.equalsIgnoreCase(e.getValue())) {
                throw new BundleException(
                        file
                                + " does not match its checksum in the manifest (expected "
                                + e.getValue()
                                + ", found "
                                + actual
                                + "): the bundle was altered or not fully written");
            }
        }
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The bytes of a file the manifest lists (and whose checksum was verified at load). */
    public byte[] file(String name) {
        if (!manifest.files.containsKey(name)) {
            throw new BundleException("model bundle " + dir + " has no file " + name);
        }
        return read(dir.resolve(name));
    }

    /** The bytes of model.onnx; shipped with the job graph so task managers need no file access. */
    public byte[] modelBytes() {
        return modelBytes.clone();
    }
}
