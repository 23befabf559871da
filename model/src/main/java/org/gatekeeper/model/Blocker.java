package org.gatekeeper.model;

import java.util.Objects;

/** One failed rule of SPEC §4: its code ({@code MISSING_DUB}, ...) and detail (a language, a rating system, or ""). */
public final class Blocker implements Comparable<Blocker> {
    private final String code;
    private final String detail;

    public Blocker(String code, String detail) {
        this.code = code;
        this.detail = detail;
    }

    public String getCode() { return code; }
    public String getDetail() { return detail; }

    /** Code first, then detail, as SPEC §4 sorts them. */
    @Override
    public int compareTo(Blocker other) {
        int byCode = code.compareTo(other.code);
        return byCode != 0 ? byCode : detail.compareTo(other.detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blocker b && code.equals(b.code) && detail.equals(b.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, detail);
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? code : code + "(" + detail + ")";
    }
}
