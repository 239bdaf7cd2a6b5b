package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TrainingReportTest {
    private static final String PNG = "data:image/png;base64,";
    private static RetrainedModel retrained;

    @BeforeAll
    static void train() {
        retrained = TestModels.dense();
    }

    @Test
    void reportIsWellFormedSelfContainedHtmlWithInlineCharts() throws Exception {
        byte[] html = TrainingReport.html(retrained);
        String text = new String(html, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<!DOCTYPE html>").doesNotContain("http://", "https://");
        assertThat(text).contains(retrained.manifest().modelId);

        // Well-formed as XML, so a browser has nothing to guess; the parser loads nothing.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(html));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("html");
        NodeList images = doc.getElementsByTagName("img");
        assertThat(images.getLength()).isGreaterThanOrEqualTo(2);
        for (int i = 0; i < images.getLength(); i++) {
            String src = ((Element) images.item(i)).getAttribute("src");
            assertThat(src).startsWith(PNG);
            BufferedImage png =
                    ImageIO.read(
                            new ByteArrayInputStream(
                                    Base64.getDecoder().decode(src.substring(PNG.length()))));
            assertThat(png).isNotNull();
            assertThat(png.getWidth()).isGreaterThan(100);
        }
        // A header, then one row per quantile; the threshold (q0.99) is one of them, marked.
        NodeList rows = doc.getElementsByTagName("tr");
        assertThat(rows.getLength()).isEqualTo(Calibration.QUANTILES.size() + 1);
        assertThat(text).containsOnlyOnce("<tr class=\"threshold\"><td>99% (threshold)</td>");
    }

    @Test
    void reportShowsTheLatentScatterWithItsCaption() {
        String text = new String(TrainingReport.html(retrained), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("<img alt=\"Latent space\" src=\"" + PNG)
                .contains("Latent codes (what encoder.onnx outputs) of the ");
        LatentProjection p = retrained.latent();
        assertThat(p.scores()).hasSize(retrained.validationScores().length);
        if (p.projected()) {
            assertThat(text).contains("principal components");
        }
    }

    @Test
    void featureErrorsAreTheValidationMeansPerFeature() {
        // A dense model's score is the mean of its feature errors, so the means agree.
        double[] errors = retrained.featureErrors();
        assertThat(errors).hasSize(retrained.manifest().features.size());
        double meanError = Arrays.stream(errors).average().orElseThrow();
        double meanScore = Arrays.stream(retrained.validationScores()).average().orElseThrow();
        assertThat(meanError).isPositive().isCloseTo(meanScore, offset(1e-5 * meanScore));
    }

    @Test
    void bundleListsTheReportWithItsChecksum(@TempDir Path models) throws Exception {
        Path dir = Retrain.write(retrained, models, "report-test", false);
        Manifest m = ModelBundle.load(dir).manifest();
        byte[] written = Files.readAllBytes(dir.resolve(TrainingReport.FILE));
        assertThat(m.files).containsEntry(TrainingReport.FILE, ModelBundle.sha256(written));
        assertThat(new String(written, StandardCharsets.UTF_8)).contains(m.modelId);
    }
}
