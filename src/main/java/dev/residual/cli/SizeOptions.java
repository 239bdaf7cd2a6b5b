package dev.residual.cli;

/**
 * Parsing of the layer-size options that retrain and evaluate share ({@code --hidden}, {@code
 * --hidden-size}): sizes or {@code auto}, refused under the option's name.
 */
final class SizeOptions {
    private SizeOptions() {}

    /** Comma-separated sizes, e.g. {@code 16,4}; {@code auto} gives none (the data chooses). */
    static int[] sizes(String option, String text) {
        if ("auto".equalsIgnoreCase(text.trim())) {
            return new int[0];
        }
        try {
            String[] parts = text.split(",");
            int[] sizes = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                sizes[i] = Integer.parseInt(parts[i].trim());
                if (sizes[i] < 1) {
                    throw new NumberFormatException();
                }
            }
            return sizes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option
                            + " must be auto or positive sizes separated by commas, e.g. 16,4; got '"
                            + text
                            + "'",
                    e);
        }
    }

    /** One positive size; {@code auto} gives 0 (the data chooses). */
    static int size(String option, String text) {
        try {
            int[] sizes = sizes(option, text);
            if (sizes.length > 1) {
                throw new IllegalArgumentException();
            }
            return sizes.length == 0 ? 0 : sizes[0];
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option + " must be auto or one positive size, got '" + text + "'", e);
        }
    }
}
