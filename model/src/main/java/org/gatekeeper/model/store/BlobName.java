package org.gatekeeper.model.store;

/**
 * A Hollow blob's file name in Hollow's filesystem layout (SPEC §6): {@code snapshot-V}, {@code delta-A-B},
 * {@code reversedelta-B-A}, {@code header-V}.
 *
 * @param kind which of the four
 * @param from the version a delta starts from; -1 for a snapshot or header
 * @param to the version the blob reaches
 */
record BlobName(Kind kind, long from, long to) {

    enum Kind {
        SNAPSHOT("snapshot"), DELTA("delta"), REVERSE_DELTA("reversedelta"), HEADER("header");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    static BlobName snapshot(long version) {
        return new BlobName(Kind.SNAPSHOT, -1, version);
    }

    static BlobName header(long version) {
        return new BlobName(Kind.HEADER, -1, version);
    }

    static BlobName delta(long from, long to) {
        return new BlobName(Kind.DELTA, from, to);
    }

    static BlobName reverseDelta(long from, long to) {
        return new BlobName(Kind.REVERSE_DELTA, from, to);
    }

    /** Parses a file name; null when it is not a Hollow blob (optional parts, checksums, announcements). */
    static BlobName parse(String name) {
        try {
            for (Kind kind : Kind.values()) {
                if (name.startsWith(kind.prefix + "-")) {
                    String[] versions = name.substring(kind.prefix.length() + 1).split("-", -1);
                    boolean transition = kind == Kind.DELTA || kind == Kind.REVERSE_DELTA;
                    if (versions.length != (transition ? 2 : 1)) {
                        return null;
                    }
                    return transition
                            ? new BlobName(kind, Long.parseLong(versions[0]), Long.parseLong(versions[1]))
                            : new BlobName(kind, -1, Long.parseLong(versions[0]));
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** The newest version this blob involves: what decides whether it belongs to an unannounced cycle. */
    long newestVersion() {
        return Math.max(from, to);
    }

    /** The version whose cycle wrote this blob (a reverse delta is written by the cycle of its from-version). */
    long cycleVersion() {
        return kind == Kind.REVERSE_DELTA ? from : to;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SNAPSHOT, HEADER -> kind.prefix + "-" + to;
            case DELTA, REVERSE_DELTA -> kind.prefix + "-" + from + "-" + to;
        };
    }
}
