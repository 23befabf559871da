package org.gatekeeper.app.bench;

import java.util.ArrayList;
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
import org.gatekeeper.model.profile.SyntheticCatalog;

/**
 * The baseline the evaluation benchmark compares with: SPEC §4 the obvious way, over maps of POJOs (records
 * grouped by video id in hash maps, sets of strings, one status object per pair), on one core. What a first
 * implementation would be; the fast evaluator must beat it by 10x.
 */
final class NaiveEvaluator {
    private NaiveEvaluator() {
    }

    static List<VideoStatus> evaluate(SyntheticCatalog catalog, long t) {
        Map<Long, List<Contract>> contracts = new HashMap<>();
        catalog.contracts().forEach(c -> contracts.computeIfAbsent(c.getVideoId(), k -> new ArrayList<>()).add(c));
        Map<Long, List<Asset>> assets = new HashMap<>();
        catalog.assets().forEach(a -> assets.computeIfAbsent(a.getVideoId(), k -> new ArrayList<>()).add(a));
        Map<Long, Map<String, Localization>> localizations = new HashMap<>();
        catalog.localizations().forEach(l -> localizations.computeIfAbsent(l.getVideoId(), k -> new HashMap<>())
                .put(l.getLanguage(), l));
        Map<Long, Map<String, Rating>> ratings = new HashMap<>();
        catalog.ratings().forEach(r -> ratings.computeIfAbsent(r.getVideoId(), k -> new HashMap<>())
                .put(r.getRatingSystem(), r));
        Map<Long, List<Video>> children = new HashMap<>();
        catalog.videos().forEach(v -> children.computeIfAbsent(v.getParentId(), k -> new ArrayList<>()).add(v));
        TreeMap<String, CountryPolicy> policies = new TreeMap<>();
        catalog.countries().forEach(p -> policies.put(p.getCountry(), p));

        Map<Long, Map<String, CountryStatus>> result = new TreeMap<>();
        for (Video video : catalog.videos()) {
            if (!video.getType().equals("MOVIE") && !video.getType().equals("EPISODE")) {
                continue;
            }
            Set<String> readyAudio = new HashSet<>();
            Set<String> readySubtitles = new HashSet<>();
            boolean readyVideo = false;
            for (Asset asset : assets.getOrDefault(video.getId(), List.of())) {
                if (asset.getStatus().equals("READY")) {
                    switch (asset.getKind()) {
                        case "VIDEO" -> readyVideo = true;
                        case "AUDIO" -> readyAudio.add(asset.getLanguage());
                        default -> readySubtitles.add(asset.getLanguage());
                    }
                }
            }
            Map<String, CountryStatus> row = new TreeMap<>();
            for (CountryPolicy policy : policies.values()) {
                List<Blocker> blockers = new ArrayList<>();
                long start = Long.MAX_VALUE;
                long end = Long.MIN_VALUE;
                long future = Long.MAX_VALUE;
                boolean listed = false;
                boolean open = false;
                for (Contract contract : contracts.getOrDefault(video.getId(), List.of())) {
                    if (contract.getWindowEnd() <= contract.getWindowStart()
                            || !contract.getCountries().contains(policy.getCountry())) {
                        continue;
                    }
                    listed = true;
                    if (contract.getWindowStart() <= t && t < contract.getWindowEnd()) {
                        open = true;
                        start = Math.min(start, contract.getWindowStart());
                        end = Math.max(end, contract.getWindowEnd());
                    } else if (contract.getWindowStart() > t) {
                        future = Math.min(future, contract.getWindowStart());
                    }
                }
                long goLiveAt = 0;
                if (!listed) {
                    blockers.add(new Blocker("NO_CONTRACT", ""));
                } else if (!open && future != Long.MAX_VALUE) {
                    blockers.add(new Blocker("WINDOW_NOT_OPEN", ""));
                    goLiveAt = future;
                } else if (!open) {
                    blockers.add(new Blocker("WINDOW_CLOSED", ""));
                }
                if (!readyVideo) {
                    blockers.add(new Blocker("MISSING_VIDEO", ""));
                }
                if (!readyAudio.contains(video.getOriginalLanguage())) {
                    blockers.add(new Blocker("MISSING_AUDIO", video.getOriginalLanguage()));
                }
                for (String language : new HashSet<>(policy.getDubLanguages())) {
                    if (!language.equals(video.getOriginalLanguage()) && !readyAudio.contains(language)) {
                        blockers.add(new Blocker("MISSING_DUB", language));
                    }
                }
                for (String language : new HashSet<>(policy.getSubtitleLanguages())) {
                    if (!readySubtitles.contains(language)) {
                        blockers.add(new Blocker("MISSING_SUBTITLES", language));
                    }
                }
                metadataAndRating(video, policy, localizations, ratings, blockers);
                blockers.sort(null);
                boolean live = blockers.isEmpty();
                row.put(policy.getCountry(), new CountryStatus(policy.getCountry(), live, blockers,
                        live ? start : 0, live ? end : 0, goLiveAt));
            }
            result.put(video.getId(), row);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Video video : catalog.videos()) {
                if (video.getType().equals("MOVIE") || video.getType().equals("EPISODE")) {
                    continue;
                }
                Map<String, CountryStatus> row = new TreeMap<>();
                for (CountryPolicy policy : policies.values()) {
                    List<Blocker> blockers = new ArrayList<>();
                    metadataAndRating(video, policy, localizations, ratings, blockers);
                    boolean childLive = false;
                    for (Video child : children.getOrDefault(video.getId(), List.of())) {
                        Map<String, CountryStatus> childRow = result.get(child.getId());
                        if (childRow != null && childRow.get(policy.getCountry()).isLive()) {
                            childLive = true;
                        }
                    }
                    if (!childLive) {
                        blockers.add(new Blocker("NO_LIVE_CHILD", ""));
                    }
                    blockers.sort(null);
                    row.put(policy.getCountry(), new CountryStatus(policy.getCountry(), blockers.isEmpty(), blockers,
                            0, 0, 0));
                }
                Map<String, CountryStatus> before = result.put(video.getId(), row);
                if (before == null || !before.equals(row)) {
                    changed = true;
                }
            }
        }
        List<VideoStatus> statuses = new ArrayList<>();
        result.forEach((id, row) -> statuses.add(new VideoStatus(id, new ArrayList<>(row.values()))));
        return statuses;
    }

    private static void metadataAndRating(Video video, CountryPolicy policy,
                                          Map<Long, Map<String, Localization>> localizations,
                                          Map<Long, Map<String, Rating>> ratings, List<Blocker> blockers) {
        Map<String, Localization> byLanguage = localizations.getOrDefault(video.getId(), Map.of());
        for (String language : new HashSet<>(policy.getMetadataLanguages())) {
            Localization localization = byLanguage.get(language);
            if (localization == null || localization.getTitle().isBlank()) {
                blockers.add(new Blocker("MISSING_TITLE", language));
            }
            if (localization == null || localization.getSynopsis().isBlank()) {
                blockers.add(new Blocker("MISSING_SYNOPSIS", language));
            }
        }
        if (!policy.getRatingSystem().isEmpty()) {
            Rating rating = ratings.getOrDefault(video.getId(), Map.of()).get(policy.getRatingSystem());
            if (rating == null || rating.getValue().isBlank()) {
                blockers.add(new Blocker("MISSING_RATING", policy.getRatingSystem()));
            }
        }
    }
}
