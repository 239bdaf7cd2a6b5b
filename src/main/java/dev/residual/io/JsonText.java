package dev.residual.io;

import com.fasterxml.jackson.core.JsonToken;

/** Wording for dead-letter details: what a JSON token is, and record text quoted and cut short. */
final class JsonText {
    private static final int MAX_QUOTED = 64;

    private JsonText() {}

    /** "an object", "a string", ...: what the record had where something else belonged. */
    static String describe(JsonToken token) {
        if (token == null) {
            return "blank";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }

    /** Record text in quotes, cut so that a huge value cannot bloat a dead letter's headers. */
    static String quote(String text) {
        if (text.length() <= MAX_QUOTED) {
            return "\"" + text + "\"";
        }
        return "\"" + text.substring(0, MAX_QUOTED) + "...\" (" + text.length() + " chars)";
    }

    /** True for digits (1e400), false for the non-numeric tokens NaN, Infinity, INF. */
    static boolean isNumeral(String text) {
        int i = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        return i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.');
    }
}
