package dev.residual.train;

import dev.residual.io.DecodeResult;

/** Passes what the job's decoder made of a record on to a row sink, for every decoded source. */
final class DecodedRows {
    private DecodedRows() {}

    /**
     * Accepts a decoded record's features as a row, or rejects it as a bad row counted by the
     * decoder's reason.
     *
     * @param place where the record is, for the message: a file and line, a partition and offset
     */
    static void pass(DecodeResult result, String place, HistorySource.RowSink sink) {
        if (!result.isValid()) {
            sink.reject(
                    new HistorySource.BadRow(
                            result.reason().name(),
                            place + ": " + result.reason() + ": " + result.deadLetter().detail));
            return;
        }
        float[] values = result.record().features;
        double[] row = new double[values.length];
        for (int f = 0; f < values.length; f++) {
            row[f] = values[f];
        }
        sink.accept(row, result.record().entity, result.record().ts);
    }
}
