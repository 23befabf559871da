package org.gatekeeper.diff;

/**
 * A request the diff cannot answer: malformed (the caller's mistake), naming something that does not exist, or
 * naming a state whose blobs the store cannot give (missing or refused: damaged).
 */
public final class DiffException extends RuntimeException {
    /** What kind of problem, as an HTTP status would say it. */
    public enum Reason { MALFORMED, NOT_FOUND, UNREADABLE }

    private final Reason reason;

    public DiffException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    private DiffException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static DiffException malformed(String message) {
        return new DiffException(Reason.MALFORMED, message);
    }

    static DiffException notFound(String message) {
        return new DiffException(Reason.NOT_FOUND, message);
    }

    static DiffException unreadable(String message, Throwable cause) {
        return new DiffException(Reason.UNREADABLE, message, cause);
    }
}
