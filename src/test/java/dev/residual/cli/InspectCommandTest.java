package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void showsTheManifestOfTheCurrentBundle() throws Exception {
        SyntheticFleet fleet = new SyntheticFleet(4, 2);
        Path models =
                TestModels.retrain(fleet, SyntheticFleet.entities(2), 300, dir, "--epochs", "5");
        assertThat(run("inspect", models.toString())).isZero();
        Manifest m = ModelBundle.load(models).manifest();
        assertThat(cli.out.toString())
                .contains(m.modelId)
                .contains("features     4: temp, vibration, pressure, flow")
                .contains("SHA-256 verified")
                .contains(m.files.get(Manifest.MODEL_FILE));
    }

    @Test
    void refusesABundleWhoseFileWasAltered() throws Exception {
        SyntheticFleet fleet = new SyntheticFleet(4, 3);
        Path models =
                TestModels.retrain(fleet, SyntheticFleet.entities(2), 300, dir, "--epochs", "5");
        Path model = ModelBundle.resolve(models).resolve(Manifest.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 1] ^= 1;
        Files.write(model, bytes);
        assertThat(run("inspect", models.toString())).isNotZero();
        assertThat(cli.err.toString()).contains("does not match its checksum");
    }
}
