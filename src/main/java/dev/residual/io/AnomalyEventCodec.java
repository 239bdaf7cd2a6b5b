package dev.residual.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of an {@link AnomalyEvent}, as documented in DESIGN.md: snake_case names, the
 * episode and source as nested objects. JSON has no NaN or Infinity, so a non-finite number is
 * written as {@code null} (and read back as NaN); {@code expected} is left out when not finite,
 * because a model without a reconstruction output has nothing to say there, and so is {@code
 * smoothed_score}, written only when threshold.smoothing judged a smoothed score.
 */
public final class AnomalyEventCodec {
    private static final JsonFactory JSON =
            JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private AnomalyEventCodec() {}

    /** The event as UTF-8 JSON. */
    public static byte[] encode(AnomalyEvent event) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("entity", event.entity);
            g.writeNumberField("ts", event.ts);
            writeNumber(g, "score", event.score);
            writeNumber(g, "threshold", event.threshold);
            if (Double.isFinite(event.smoothedScore)) {
                g.writeNumberField("smoothed_score", event.smoothedScore);
            }
            writeNumber(g, "severity", event.severity);
            g.writeStringField("model", event.model);
            writeTopFeatures(g, event.topFeatures);
            g.writeObjectFieldStart("episode");
            g.writeStringField("id", event.episodeId);
            g.writeNumberField("start", event.episodeStart);
            g.writeNumberField("records", event.episodeRecords);
            g.writeEndObject();
            g.writeObjectFieldStart("source");
            g.writeStringField("topic", event.sourceTopic);
            g.writeNumberField("partition", event.sourcePartition);
            g.writeNumberField("offset", event.sourceOffset);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot encode the anomaly event of " + event.entity + " at " + event.ts, e);
        }
        return out.toByteArray();
    }

    private static void writeTopFeatures(
            JsonGenerator g, List<AnomalyEvent.FeatureContribution> top) throws IOException {
        g.writeArrayFieldStart("top_features");
        if (top != null) {
            for (AnomalyEvent.FeatureContribution c : top) {
                g.writeStartObject();
                g.writeStringField("name", c.name);
                writeNumber(g, "share", c.share);
                writeNumber(g, "value", c.value);
                if (Double.isFinite(c.expected)) {
                    g.writeNumberField("expected", c.expected);
                }
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    private static void writeNumber(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(name, value);
        } else {
            g.writeNullField(name);
        }
    }

    /**
     * Reads an event written by {@link #encode}; unknown fields are skipped, absent ones keep their
     * defaults (NaN for {@code expected} and {@code smoothed_score}).
     *
     * @throws IllegalArgumentException when the bytes are not such an event
     */
    public static AnomalyEvent decode(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            AnomalyEvent event = new AnomalyEvent();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                readField(p, name, event);
            }
            return event;
        } catch (IOException e) {
            throw new IllegalArgumentException("not an anomaly event: " + e.getMessage(), e);
        }
    }

    private static void readField(JsonParser p, String name, AnomalyEvent e) throws IOException {
        switch (name) {
            case "entity" -> e.entity = text(p);
            case "ts" -> e.ts = p.getLongValue();
            case "score" -> e.score = number(p);
            case "threshold" -> e.threshold = number(p);
            case "smoothed_score" -> e.smoothedScore = number(p);
            case "severity" -> e.severity = number(p);
            case "model" -> e.model = text(p);
            case "top_features" -> e.topFeatures = readTopFeatures(p);
            case "episode" -> readEpisode(p, e);
            case "source" -> readSource(p, e);
            default -> p.skipChildren();
        }
    }

    private static List<AnomalyEvent.FeatureContribution> readTopFeatures(JsonParser p)
            throws IOException {
        List<AnomalyEvent.FeatureContribution> top = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return top;
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            AnomalyEvent.FeatureContribution c =
                    new AnomalyEvent.FeatureContribution(null, Double.NaN, Double.NaN, Double.NaN);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "name" -> c.name = text(p);
                    case "share" -> c.share = number(p);
                    case "value" -> c.value = number(p);
                    case "expected" -> c.expected = number(p);
                    default -> p.skipChildren();
                }
            }
            top.add(c);
        }
        return top;
    }

    private static void readEpisode(JsonParser p, AnomalyEvent e) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> e.episodeId = text(p);
                case "start" -> e.episodeStart = p.getLongValue();
                case "records" -> e.episodeRecords = p.getIntValue();
                default -> p.skipChildren();
            }
        }
    }

    private static void readSource(JsonParser p, AnomalyEvent e) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "topic" -> e.sourceTopic = text(p);
                case "partition" -> e.sourcePartition = p.getIntValue();
                case "offset" -> e.sourceOffset = p.getLongValue();
                default -> p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static double number(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? Double.NaN : p.getDoubleValue();
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected)
            throws IOException {
        if (actual != expected) {
            throw new IOException(
                    "expected " + expected + " but found " + actual + " at " + p.currentLocation());
        }
    }
}
