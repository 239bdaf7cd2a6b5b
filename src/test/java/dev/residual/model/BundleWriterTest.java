package dev.residual.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {
    @TempDir Path models;

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.modelId = "dense-ae/2026-01-01T00:00:00Z/abcdef";
        m.kind = "dense";
        m.features = List.of("a", "b");
        m.outputs = List.of("score", "feature_errors");
        return m;
    }

    private static Map<String, byte[]> files(String tag) {
        return Map.of(
                Manifest.MODEL_FILE,
                ("model " + tag).getBytes(StandardCharsets.UTF_8),
                "encoder.onnx",
                ("encoder " + tag).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writtenBundleLoadsWithVerifiedChecksums() {
        Path dir = BundleWriter.write(models, "b1", manifest(), files("1"));
        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.manifest().files).containsOnlyKeys(Manifest.MODEL_FILE, "encoder.onnx");
        assertThat(bundle.manifest().files.get(Manifest.MODEL_FILE))
                .isEqualTo(ModelBundle.sha256("model 1".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(bundle.modelBytes(), StandardCharsets.UTF_8)).isEqualTo("model 1");
    }

    @Test
    void alteredFileMakesLoadFail() throws IOException {
        Path dir = BundleWriter.write(models, "b1", manifest(), files("1"));
        Files.writeString(dir.resolve("encoder.onnx"), "tampered");
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("encoder.onnx does not match its checksum");
    }

    @Test
    void refusesToOverwriteAnExistingBundle() {
        BundleWriter.write(models, "b1", manifest(), files("1"));
        assertThatThrownBy(() -> BundleWriter.write(models, "b1", manifest(), files("2")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("already exists");
        assertThat(ModelBundle.load(models.resolve("b1")).modelBytes())
                .isEqualTo("model 1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void publishPointsCurrentAtTheBundle() {
        BundleWriter.write(models, "b1", manifest(), files("1"));
        BundleWriter.write(models, "b2", manifest(), files("2"));
        BundleWriter.publish(models, "b1");
        assertThat(ModelBundle.load(models).dir()).isEqualTo(models.resolve("b1"));
        BundleWriter.publish(models, "b2");
        assertThat(ModelBundle.load(models).dir()).isEqualTo(models.resolve("b2"));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void failedWriteLeavesExistingBundleAndCurrentUntouched() throws IOException {
        BundleWriter.write(models, "b1", manifest(), files("1"));
        BundleWriter.publish(models, "b1");
        byte[] current = Files.readAllBytes(models.resolve(ModelBundle.CURRENT));
        Manifest invalid = manifest();
        invalid.features = List.of();
        assertThatThrownBy(() -> BundleWriter.write(models, "b2", invalid, files("2")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("names no features");
        assertThatThrownBy(() -> BundleWriter.publish(models, "b2"))
                .isInstanceOf(BundleException.class);
        assertThat(models.resolve("b2")).doesNotExist();
        assertThat(Files.readAllBytes(models.resolve(ModelBundle.CURRENT))).isEqualTo(current);
        assertThat(ModelBundle.load(models).dir()).isEqualTo(models.resolve("b1"));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void fileNamesCannotEscapeTheBundle() {
        Map<String, byte[]> evil = Map.of(Manifest.MODEL_FILE, new byte[1], "../x", new byte[1]);
        assertThatThrownBy(() -> BundleWriter.write(models, "b1", manifest(), evil))
                .hasMessageContaining("not a usable bundle or file name");
        assertThat(models.resolve("b1")).doesNotExist();
    }

    /** Temporary files and directories start with a dot. */
    private List<Path> leftovers() {
        try (Stream<Path> list = Files.list(models)) {
            return list.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
