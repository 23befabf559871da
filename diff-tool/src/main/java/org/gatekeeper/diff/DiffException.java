package org.gatekeeper.diff;

/** A request the diff cannot answer: malformed (the caller's mistake) or naming something that does not exist. */
public final class DiffException extends RuntimeException {
    /** What kind of problem, as an HTTP status would say it. */
    public enum Reason { MALFORMED, NOT_FOUND }

    private final Reason reason;

    public DiffException(Reason reason, String message) {
        super(message);
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
}
