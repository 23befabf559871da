package org.gatekeeper.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.CountryStatus;

/**
 * A diff as one JSON object, for {@code gatekeeper diff --json} and {@code GET /api/diff}. Its {@code summary} holds
 * change counts only, so every one of them is 0 exactly when the states are equal (SPEC §8); sizes of the two states
 * are under {@code totals}.
 */
public final class DiffJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiffJson() {
    }

    /** The diff, with at most {@code listed} changed pairs or records (the first, in order). */
    public static ObjectNode of(StateDiff diff, OutputDiff.Filter filter, long offset, int listed) {
        ObjectNode root = JSON.createObjectNode();
        root.set("from", ref(diff.from()));
        root.set("to", ref(diff.to()));
        root.put("equal", diff.equal());
        if (diff instanceof OutputDiff output) {
            root.put("kind", "output");
            OutputDiff.Summary s = output.summary();
            ObjectNode summary = root.putObject("summary");
            summary.put("changedPairs", s.changedPairs());
            s.byKind().forEach((kind, count) -> summary.put(camel(kind), count));
            summary.put("videosAdded", s.videosAdded());
            summary.put("videosRemoved", s.videosRemoved());
            ObjectNode totals = root.putObject("totals");
            totals.put("videosBefore", s.videosBefore());
            totals.put("videosAfter", s.videosAfter());
            totals.put("pairsBefore", s.pairsBefore());
            totals.put("pairsAfter", s.pairsAfter());
            totals.put("livePairsBefore", s.livePairsBefore());
            totals.put("livePairsAfter", s.livePairsAfter());
            ArrayNode countries = root.putArray("byCountry");
            for (OutputDiff.CountryCounts counts : output.byCountry()) {
                ObjectNode country = countries.addObject();
                country.put("country", counts.country());
                country.put("changedPairs", counts.changedPairs());
                counts.byKind().forEach((kind, count) -> country.put(camel(kind), count));
            }
            ArrayNode blockers = root.putArray("byBlocker");
            for (OutputDiff.BlockerCounts counts : output.byBlocker()) {
                blockers.addObject().put("code", counts.code()).put("pairsGaining", counts.pairsGaining())
                        .put("pairsLosing", counts.pairsLosing());
            }
            root.put("matching", output.count(filter));
            root.put("offset", offset);
            ArrayNode changes = root.putArray("changes");
            for (PairChange change : output.changes(filter, offset, listed)) {
                ObjectNode node = changes.addObject();
                node.put("videoId", change.videoId());
                node.put("country", change.country());
                node.put("change", change.kind().label());
                node.set("before", status(change.before()));
                node.set("after", status(change.after()));
            }
        } else if (diff instanceof InputDiff input) {
            root.put("kind", "input");
            InputDiff.Summary s = input.summary();
            root.putObject("summary").put("added", s.added()).put("removed", s.removed()).put("changed", s.changed());
            root.putObject("totals").put("dataset", s.dataset()).put("recordsBefore", s.recordsBefore())
                    .put("recordsAfter", s.recordsAfter());
            ObjectNode byField = root.putObject("changedByField");
            s.changedByField().forEach(byField::put);
            List<InputDiff.RecordChange> listedChanges = input.changes();
            // The diff keeps a bounded list of changed records: say when the list stops short of the counts.
            root.put("truncated", listedChanges.size() < s.added() + s.removed() + s.changed()
                    && offset + listed > listedChanges.size());
            ArrayNode changes = root.putArray("changes");
            for (int i = (int) Math.min(offset, listedChanges.size());
                 i < Math.min(listedChanges.size(), offset + listed); i++) {
                InputDiff.RecordChange change = listedChanges.get(i);
                ObjectNode node = changes.addObject().put("key", change.key()).put("change", change.change());
                ArrayNode fields = node.putArray("fields");
                change.fields().forEach(f -> fields.addObject().put("field", f.field()).put("before", f.before())
                        .put("after", f.after()));
            }
        }
        return root;
    }

    static ObjectNode ref(StateRef ref) {
        ObjectNode node = JSON.createObjectNode();
        node.put("namespace", ref.namespace());
        node.put("version", ref.version());
        ObjectNode tags = node.putObject("headerTags");
        ref.headerTags().forEach(tags::put);
        return node;
    }

    /** A status as JSON, null for a missing side. */
    public static ObjectNode status(CountryStatus status) {
        if (status == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("country", status.getCountry());
        node.put("live", status.isLive());
        ArrayNode blockers = node.putArray("blockers");
        for (Blocker blocker : status.getBlockers()) {
            blockers.addObject().put("code", blocker.getCode()).put("detail", blocker.getDetail());
        }
        node.put("windowStart", status.getWindowStart());
        node.put("windowEnd", status.getWindowEnd());
        node.put("goLiveAt", status.getGoLiveAt());
        return node;
    }

    /** {@code becameLive} for {@link ChangeKind#BECAME_LIVE}. */
    static String camel(ChangeKind kind) {
        String[] words = kind.label().split("-");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }
}
