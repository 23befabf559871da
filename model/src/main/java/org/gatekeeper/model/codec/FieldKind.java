package org.gatekeeper.model.codec;

/** The JSON shapes a SPEC §2 field can have. */
public enum FieldKind {
    /** A JSON integer that fits in 64 bits. */
    LONG,
    /** A JSON integer that fits in 32 bits. */
    INT,
    /** A JSON string. */
    STRING,
    /** A JSON string from a fixed set of upper-case names. */
    ENUM,
    /** A JSON array of strings, kept in the order given. */
    STRING_LIST,
    /** A JSON array of strings whose order and repeats carry no meaning. */
    STRING_SET
}
