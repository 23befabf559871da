package org.gatekeeper.diff;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.core.TickResult;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.ManualClock;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobStore;

/**
 * Real published outputs for the diff's tests: a synthetic catalog's inputs, a PROD tick, a PREPROD tick on the
 * demo's changed rules, then a changed catalog and a second PROD tick. Everything goes through the blob store.
 */
public final class PublishedOutputs {
    final long prod1;
    final long preprod;
    final long prod2;
    final SyntheticCatalog catalog;
    final SyntheticCatalog changed;

    public PublishedOutputs(BlobStore store, long seed) {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        ManualClock clock = new ManualClock(start);
        catalog = withScriptTitle(SyntheticCatalog.generate(Profile.SMALL, seed, start.toEpochMilli()));
        CatalogPublisher.publishAll(store, catalog);
        Gatekeeper prod = new Gatekeeper(store, RuleSet.SPEC, clock);
        prod1 = published(prod.tick());
        preprod = published(Gatekeeper.preprod(store, RuleSet.SUBTITLES_IN_FIRST_METADATA_LANGUAGE).tick());

        // The catalog moves on: 20 videos go, and a day passes (windows open and close).
        List<Video> videos = new ArrayList<>(catalog.videos());
        videos.subList(0, 20).clear();
        changed = new SyntheticCatalog(videos, catalog.contracts(), catalog.assets(), catalog.localizations(),
                catalog.ratings(), catalog.countries());
        CatalogPublisher.publish(store.namespace("videos"), Dataset.VIDEOS, videos);
        clock.advance(Duration.ofDays(40));
        // Losing videos trips the publish guard; the operator override publishes exactly the refused version.
        TickResult refused = prod.tick();
        if (refused.outcome() != TickResult.Outcome.REFUSED) {
            throw new AssertionError("expected the guard to refuse a lost video, got " + refused);
        }
        String candidate = store.namespace("liveness-prod").note(Gatekeeper.GUARD_REFUSED).orElseThrow()
                .split("\n")[0];
        store.namespace("liveness-prod").writeNote(Gatekeeper.GUARD_OVERRIDE, candidate);
        prod2 = published(prod.tick());
    }

    public long prod1() {
        return prod1;
    }

    public long prod2() {
        return prod2;
    }

    public long preprod() {
        return preprod;
    }

    public int countries() {
        return catalog.countries().size();
    }

    /** The video whose title is {@code <script>alert('x')</script>}. */
    public long scriptTitleVideo() {
        return catalog.videos().get(0).getId();
    }

    private static long published(TickResult result) {
        if (result.outcome() != TickResult.Outcome.PUBLISHED) {
            throw new AssertionError("expected a published output, got " + result);
        }
        return result.outputVersion();
    }

    /** The first video's title holds markup, so every page that shows it must escape it. */
    private static SyntheticCatalog withScriptTitle(SyntheticCatalog catalog) {
        List<Video> videos = new ArrayList<>(catalog.videos());
        Video first = videos.get(0);
        videos.set(0, new Video(first.getId(), first.getType(), first.getParentId(), first.getOriginalLanguage(),
                "<script>alert('x')</script>", first.getRuntimeMinutes()));
        return new SyntheticCatalog(videos, catalog.contracts(), catalog.assets(), catalog.localizations(),
                catalog.ratings(), catalog.countries());
    }
}
