package org.gatekeeper.core;

/** Where an evaluation is published (SPEC §5): each environment has a namespace of its own. */
public enum Environment {
    PROD("liveness-prod"),
    PREPROD("liveness-preprod"),
    REPLAY("liveness-replay");

    private final String namespace;

    Environment(String namespace) {
        this.namespace = namespace;
    }

    /** The blob-store namespace of this environment's output. */
    public String namespace() {
        return namespace;
    }
}
