package org.gatekeeper.model;

/** {@code Asset.status} (SPEC §2). Only {@code READY} assets satisfy a rule. */
public enum AssetStatus {
    PENDING, READY, FAILED
}
