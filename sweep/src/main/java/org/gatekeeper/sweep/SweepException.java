package org.gatekeeper.sweep;

/** A sweep could not read its source, reach Kafka, or read the dataset's state; the message says which and where. */
public final class SweepException extends RuntimeException {
    public SweepException(String message) {
        super(message);
    }

    public SweepException(String message, Throwable cause) {
        super(message, cause);
    }
}
