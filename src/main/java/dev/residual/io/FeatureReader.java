package dev.residual.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the features of one record into the model's order, from an object of name to number or an
 * array of numbers, and says exactly which feature is wrong when one is. A value must be a number
 * that fits a float: NaN, infinities, strings, nulls and nested values are rejected by name.
 */
final class FeatureReader {
    private final List<String> names;
    private final Map<String, Integer> index;
    private final boolean ignoreUnknown;

    /**
     * The names, interned. Jackson interns the field names it reads (INTERN_FIELD_NAMES, on by
     * default), so a name in the model's order is found by one reference comparison with the name
     * after the previous one; any other order falls back to the map.
     */
    private final String[] interned;

    FeatureReader(List<String> names, boolean ignoreUnknown) {
        this.names = names;
        this.ignoreUnknown = ignoreUnknown;
        this.index = new HashMap<>(names.size() * 2);
        this.interned = new String[names.size()];
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
            interned[i] = names.get(i).intern();
        }
    }

    /** Reads from just after START_OBJECT; a name given twice keeps its last value. */
    float[] readObject(JsonParser p) throws IOException, Rejection {
        float[] values = new float[names.size()];
        boolean[] seen = new boolean[values.length];
        int count = 0;
        int next = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int i = next < interned.length && name == interned[next] ? next : indexOf(name);
            JsonToken token = p.nextToken();
            if (i < 0) {
                if (ignoreUnknown) {
                    p.skipChildren();
                    continue;
                }
                throw new Rejection(
                        DeadLetterReason.UNKNOWN_FEATURE,
                        "unknown feature "
                                + JsonText.quote(name)
                                + "; the model takes "
                                + nameList());
            }
            values[i] = readValue(p, token, i, false);
            next = i + 1;
            if (!seen[i]) {
                seen[i] = true;
                count++;
            }
        }
        if (count < values.length) {
            throw new Rejection(DeadLetterReason.MISSING_FEATURE, missing(seen, count));
        }
        return values;
    }

    private int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** Reads from just after START_ARRAY. */
    float[] readArray(JsonParser p) throws IOException, Rejection {
        float[] values = new float[names.size()];
        int count = 0;
        for (JsonToken t = p.nextToken();
                t != JsonToken.END_ARRAY && t != null;
                t = p.nextToken()) {
            if (count < values.length) {
                values[count] = readValue(p, t, count, true);
            } else {
                p.skipChildren();
            }
            count++;
        }
        if (count != values.length) {
            throw new Rejection(
                    DeadLetterReason.WRONG_DIMENSION,
                    "expected " + values.length + " features, got " + count);
        }
        return values;
    }

    private float readValue(JsonParser p, JsonToken token, int i, boolean positional)
            throws IOException, Rejection {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            // Straight to float: one rounding, not two, and the fast parser has a float path.
            float f = p.getFloatValue();
            if (Float.isFinite(f)) {
                return f;
            }
            String text = p.getText();
            String why = JsonText.isNumeral(text) ? ", beyond the float range (±3.4e38)" : "";
            throw new Rejection(
                    DeadLetterReason.NOT_FINITE, label(i, positional) + " is " + text + why);
        }
        String got =
                token == JsonToken.VALUE_STRING
                        ? "a string (" + JsonText.quote(p.getText()) + ")"
                        : JsonText.describe(token);
        throw new Rejection(
                DeadLetterReason.NOT_FINITE,
                label(i, positional) + " is " + got + ", expected a number");
    }

    private String label(int i, boolean positional) {
        String name = "feature \"" + names.get(i) + "\"";
        return positional ? name + " (index " + i + ")" : name;
    }

    private String missing(boolean[] seen, int count) {
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < seen.length && absent.size() < 5; i++) {
            if (!seen[i]) {
                absent.add("\"" + names.get(i) + "\"");
            }
        }
        int more = seen.length - count - absent.size();
        String list = String.join(", ", absent) + (more > 0 ? " and " + more + " more" : "");
        return (seen.length - count == 1 ? "missing feature " : "missing features ")
                + list
                + " (got "
                + count
                + " of "
                + seen.length
                + ")";
    }

    private String nameList() {
        int shown = Math.min(names.size(), 10);
        String list = String.join(", ", names.subList(0, shown));
        return "[" + list + (shown < names.size() ? ", ..." : "") + "]";
    }
}
