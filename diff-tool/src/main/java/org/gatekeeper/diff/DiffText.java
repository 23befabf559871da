package org.gatekeeper.diff;

import java.io.PrintWriter;

/** A diff for a terminal or a release pipeline's log: the summary, counts by country and blocker, the first changes. */
public final class DiffText {
    private DiffText() {
    }

    public static void print(StateDiff diff, PrintWriter out, int listed) {
        out.printf("from %s%n", describe(diff.from()));
        out.printf("to   %s%n", describe(diff.to()));
        if (diff instanceof OutputDiff output) {
            OutputDiff.Summary s = output.summary();
            out.printf("%s: %,d of %,d pairs changed; live pairs %,d -> %,d; videos %,d -> %,d (+%,d -%,d)%n",
                    diff.equal() ? "EQUAL" : "DIFFERENT", s.changedPairs(), Math.max(s.pairsBefore(), s.pairsAfter()),
                    s.livePairsBefore(), s.livePairsAfter(), s.videosBefore(), s.videosAfter(), s.videosAdded(),
                    s.videosRemoved());
            if (diff.equal()) {
                return;
            }
            s.byKind().forEach((kind, count) -> {
                if (count > 0) {
                    out.printf("  %-17s %,12d%n", kind.label(), count);
                }
            });
            out.println("by country (changed pairs):");
            output.byCountry().forEach(c -> out.printf("  %-6s %,12d%n", c.country(), c.changedPairs()));
            out.println("by blocker code (pairs gaining / losing it):");
            output.byBlocker().forEach(b -> out.printf("  %-28s +%,d / -%,d%n", b.code(), b.pairsGaining(),
                    b.pairsLosing()));
            out.printf("first %d changes:%n", listed);
            for (PairChange change : output.changes(OutputDiff.Filter.ALL, 0, listed)) {
                out.printf("  video %d %s %s: %s -> %s%n", change.videoId(), change.country(), change.kind().label(),
                        brief(change.before()), brief(change.after()));
            }
        } else if (diff instanceof InputDiff input) {
            InputDiff.Summary s = input.summary();
            out.printf("%s: %s records %,d -> %,d: %,d added, %,d removed, %,d changed%n",
                    diff.equal() ? "EQUAL" : "DIFFERENT", s.dataset(), s.recordsBefore(), s.recordsAfter(), s.added(),
                    s.removed(), s.changed());
            s.changedByField().forEach((field, count) -> out.printf("  %-20s %,12d changed%n", field, count));
            input.changes().stream().limit(listed).forEach(change -> {
                out.printf("  %s %s%n", change.change(), change.key());
                change.fields().forEach(f -> out.printf("      %s: %s -> %s%n", f.field(), f.before(), f.after()));
            });
        }
    }

    private static String describe(StateRef ref) {
        String tags = ref.headerTags().isEmpty() ? "" : " " + ref.headerTags();
        return ref.label() + tags;
    }

    private static String brief(org.gatekeeper.model.CountryStatus status) {
        if (status == null) {
            return "(none)";
        }
        return (status.isLive() ? "live" : "not live") + (status.getBlockers().isEmpty() ? "" : " " + status.getBlockers());
    }
}
