package dev.residual.job;

/** A wrong option: thrown at start, before anything runs, with the option's name. */
public class OptionsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OptionsException(String message) {
        super(message);
    }

    public OptionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
