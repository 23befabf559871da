package org.gatekeeper.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.store.BlobNamespace;

/**
 * What a published output records about itself (SPEC §5 header tags), read from its small header blob: the input
 * versions it pinned, its instant T and its rule set. What PREPROD and replay pin.
 */
record ProdOutput(long version, Map<Dataset<?>, Long> inputs, long evaluatedAt, String rules) {

    static ProdOutput read(BlobNamespace namespace, long version) {
        Map<String, String> tags = namespace.headerTags(version);
        Map<Dataset<?>, Long> inputs = new LinkedHashMap<>();
        for (Dataset<?> dataset : Dataset.ALL) {
            inputs.put(dataset, Long.parseLong(required(namespace, version, tags, OutputTags.input(dataset))));
        }
        return new ProdOutput(version, inputs, Long.parseLong(required(namespace, version, tags,
                OutputTags.EVALUATED_AT)), required(namespace, version, tags, OutputTags.RULES));
    }

    private static String required(BlobNamespace namespace, long version, Map<String, String> tags, String tag) {
        String value = tags.get(tag);
        if (value == null) {
            throw new IllegalStateException("output version " + version + " in " + namespace.location()
                    + " has no header tag " + tag + "; it was not published by a Gatekeeper");
        }
        return value;
    }
}
