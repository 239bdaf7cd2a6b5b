package dev.residual.io;

/**
 * A data problem found while decoding, with the dead-letter reason and detail. Thrown inside the
 * decoder to unwind from deep in the parse, caught by {@link RecordDecoder#decode}, never thrown to
 * callers. It has no stack trace, so a stream of bad records costs no more than good ones.
 */
final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    final DeadLetterReason reason;
    final String detail;

    Rejection(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.detail = detail;
    }
}
