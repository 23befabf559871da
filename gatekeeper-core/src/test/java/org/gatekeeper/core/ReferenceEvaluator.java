package org.gatekeeper.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Blocker;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.CountryStatus;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.VideoStatus;

/**
 * SPEC §4 written as plainly as possible over maps of POJOs: the oracle the fast evaluator is compared with,
 * and the naive baseline the benchmark measures it against. Kept deliberately simple; never optimise it.
 */
final class ReferenceEvaluator {
    private ReferenceEvaluator() {
    }

    static List<VideoStatus> evaluate(Catalog catalog, long t, boolean subtitlesInFirstMetadataLanguage) {
        Map<Long, Video> videos = new TreeMap<>();
        catalog.videos().forEach(v -> videos.put(v.getId(), v));
        List<CountryPolicy> policies = new ArrayList<>(catalog.countries());
        policies.sort(Comparator.comparing(CountryPolicy::getCountry));

        Map<String, CountryStatus> statuses = new HashMap<>(); // key: videoId|country
        Map<String, Boolean> live = new HashMap<>();
        for (Video video : videos.values()) {
            if (!isPlayable(video)) {
                continue;
            }
            for (CountryPolicy policy : policies) {
                CountryStatus status = playable(catalog, video, policy, t, subtitlesInFirstMetadataLanguage);
                statuses.put(video.getId() + "|" + policy.getCountry(), status);
                live.put(video.getId() + "|" + policy.getCountry(), status.isLive());
            }
        }
        // Containers: least fixed point, from nothing live.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Video video : videos.values()) {
                if (isPlayable(video)) {
                    continue;
                }
                for (CountryPolicy policy : policies) {
                    boolean childLive = false;
                    for (Video child : videos.values()) {
                        if (child.getParentId() == video.getId()
                                && live.getOrDefault(child.getId() + "|" + policy.getCountry(), false)) {
                            childLive = true;
                        }
                    }
                    List<Blocker> blockers = metadataAndRating(catalog, video, policy);
                    if (!childLive) {
                        blockers.add(new Blocker("NO_LIVE_CHILD", ""));
                    }
                    blockers.sort(null);
                    String key = video.getId() + "|" + policy.getCountry();
                    boolean isLive = blockers.isEmpty();
                    if (live.getOrDefault(key, false) != isLive) {
                        changed = true;
                    }
                    live.put(key, isLive);
                    statuses.put(key, new CountryStatus(policy.getCountry(), isLive, blockers, 0, 0, 0));
                }
            }
        }
        List<VideoStatus> result = new ArrayList<>();
        for (Video video : videos.values()) {
            List<CountryStatus> row = new ArrayList<>();
            for (CountryPolicy policy : policies) {
                row.add(statuses.get(video.getId() + "|" + policy.getCountry()));
            }
            result.add(new VideoStatus(video.getId(), row));
        }
        return result;
    }

    private static boolean isPlayable(Video video) {
        return video.getType().equals("MOVIE") || video.getType().equals("EPISODE");
    }

    private static CountryStatus playable(Catalog catalog, Video video, CountryPolicy policy, long t,
                                          boolean subtitlesInFirstMetadataLanguage) {
        List<Blocker> blockers = new ArrayList<>();
        List<Contract> listing = new ArrayList<>();
        for (Contract contract : catalog.contracts()) {
            if (contract.getVideoId() == video.getId() && contract.getWindowEnd() > contract.getWindowStart()
                    && contract.getCountries().contains(policy.getCountry())) {
                listing.add(contract);
            }
        }
        List<Contract> open = new ArrayList<>();
        long goLiveAt = 0;
        if (listing.isEmpty()) {
            blockers.add(new Blocker("NO_CONTRACT", ""));
        } else {
            Long earliestFuture = null;
            for (Contract contract : listing) {
                if (contract.getWindowStart() <= t && t < contract.getWindowEnd()) {
                    open.add(contract);
                } else if (contract.getWindowStart() > t) {
                    earliestFuture = earliestFuture == null ? contract.getWindowStart()
                            : Math.min(earliestFuture, contract.getWindowStart());
                }
            }
            if (open.isEmpty()) {
                if (earliestFuture != null) {
                    blockers.add(new Blocker("WINDOW_NOT_OPEN", ""));
                    goLiveAt = earliestFuture;
                } else {
                    blockers.add(new Blocker("WINDOW_CLOSED", ""));
                }
            }
        }
        if (!hasReady(catalog, video, "VIDEO", "")) {
            blockers.add(new Blocker("MISSING_VIDEO", ""));
        }
        if (!hasReady(catalog, video, "AUDIO", video.getOriginalLanguage())) {
            blockers.add(new Blocker("MISSING_AUDIO", video.getOriginalLanguage()));
        }
        for (String language : new HashSet<>(policy.getDubLanguages())) {
            if (!language.equals(video.getOriginalLanguage()) && !hasReady(catalog, video, "AUDIO", language)) {
                blockers.add(new Blocker("MISSING_DUB", language));
            }
        }
        Set<String> subtitles = new HashSet<>(policy.getSubtitleLanguages());
        if (subtitlesInFirstMetadataLanguage && !policy.getMetadataLanguages().isEmpty()) {
            subtitles.add(java.util.Collections.min(policy.getMetadataLanguages()));
        }
        for (String language : subtitles) {
            if (!hasReady(catalog, video, "SUBTITLE", language)) {
                blockers.add(new Blocker("MISSING_SUBTITLES", language));
            }
        }
        blockers.addAll(metadataAndRating(catalog, video, policy));
        blockers.sort(null);
        boolean isLive = blockers.isEmpty();
        long start = 0;
        long end = 0;
        if (isLive) {
            start = open.stream().mapToLong(Contract::getWindowStart).min().getAsLong();
            end = open.stream().mapToLong(Contract::getWindowEnd).max().getAsLong();
        }
        return new CountryStatus(policy.getCountry(), isLive, blockers, start, end, goLiveAt);
    }

    private static List<Blocker> metadataAndRating(Catalog catalog, Video video, CountryPolicy policy) {
        List<Blocker> blockers = new ArrayList<>();
        for (String language : new HashSet<>(policy.getMetadataLanguages())) {
            Localization localization = null;
            for (Localization l : catalog.localizations()) {
                if (l.getVideoId() == video.getId() && l.getLanguage().equals(language)) {
                    localization = l;
                }
            }
            if (localization == null || localization.getTitle().isBlank()) {
                blockers.add(new Blocker("MISSING_TITLE", language));
            }
            if (localization == null || localization.getSynopsis().isBlank()) {
                blockers.add(new Blocker("MISSING_SYNOPSIS", language));
            }
        }
        if (!policy.getRatingSystem().isEmpty()) {
            boolean rated = false;
            for (Rating rating : catalog.ratings()) {
                if (rating.getVideoId() == video.getId() && rating.getRatingSystem().equals(policy.getRatingSystem())
                        && !rating.getValue().isBlank()) {
                    rated = true;
                }
            }
            if (!rated) {
                blockers.add(new Blocker("MISSING_RATING", policy.getRatingSystem()));
            }
        }
        return blockers;
    }

    private static boolean hasReady(Catalog catalog, Video video, String kind, String language) {
        for (Asset asset : catalog.assets()) {
            if (asset.getVideoId() == video.getId() && asset.getKind().equals(kind) && asset.getStatus().equals("READY")
                    && (kind.equals("VIDEO") || asset.getLanguage().equals(language))) {
                return true;
            }
        }
        return false;
    }
}
