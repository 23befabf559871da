package org.gatekeeper.model;

/** {@code Asset.kind} (SPEC §2). */
public enum AssetKind {
    VIDEO, AUDIO, SUBTITLE
}
