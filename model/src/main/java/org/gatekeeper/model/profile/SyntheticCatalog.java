package org.gatekeeper.model.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;

/**
 * A whole synthetic catalog with a realistic shape, the same for the same profile, seed and instant: 40 % movies,
 * the rest shows of about 3 seasons of about 9 episodes; contracts whose windows are open, closed, not yet open
 * or invalid around {@code now}; assets mostly READY, some PENDING or FAILED; localizations with some blank text;
 * ratings in most systems; countries with varied requirements.
 *
 * @param videos every video, ordered by id
 */
public record SyntheticCatalog(List<Video> videos, List<Contract> contracts, List<Asset> assets,
                               List<Localization> localizations, List<Rating> ratings,
                               List<CountryPolicy> countries) {

    private static final String[] LANGUAGES = {"en", "es", "fr", "de", "pt-BR", "it", "ja", "ko", "zh-Hans",
            "zh-Hant", "ar", "he", "hi", "ru", "pl", "nl", "sv", "da", "fi", "nb", "tr", "th", "id", "vi", "cs",
            "hu", "ro", "el", "uk", "ms", "fil", "ta", "te", "bn", "mr", "hr", "sk", "bg", "ca", "es-419"};
    private static final String[] RATING_SYSTEMS = {"MPAA", "BBFC", "FSK", "CNC", "EIRIN", "KMRB", "ACB",
            "CBFC", "DJCTQ", "INCAA"};
    private static final long DAY = 86_400_000L;
    /** The 249 assigned ISO 3166-1 alpha-2 codes (SPEC §2), in order, written out: no JDK's locale data. */
    private static final String ISO_3166_ALPHA_2 =
            "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT "
            + "BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG "
            + "EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN "
            + "HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI "
            + "LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC "
            + "NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA "
            + "SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR "
            + "TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";
    /** Large markets first, so that a small profile has countries a reader knows. */
    private static final String FIRST_COUNTRIES = "US GB CA DE FR BR MX JP KR IN ES IT NL SE NO DK FI PL TR AU NZ AR "
            + "CL CO ZA EG SA AE ID PH";
    private static final List<String> COUNTRIES = countryOrder();

    public SyntheticCatalog {
        videos = List.copyOf(videos);
        contracts = List.copyOf(contracts);
        assets = List.copyOf(assets);
        localizations = List.copyOf(localizations);
        ratings = List.copyOf(ratings);
        countries = List.copyOf(countries);
    }

    /** Every record of the catalog, across the six datasets. */
    public int recordCount() {
        return videos.size() + contracts.size() + assets.size() + localizations.size() + ratings.size()
                + countries.size();
    }

    /** The records of each dataset, in SPEC §2 order. */
    public Map<Dataset<?>, List<?>> byDataset() {
        Map<Dataset<?>, List<?>> records = new LinkedHashMap<>();
        records.put(Dataset.VIDEOS, videos);
        records.put(Dataset.CONTRACTS, contracts);
        records.put(Dataset.ASSETS, assets);
        records.put(Dataset.LOCALIZATIONS, localizations);
        records.put(Dataset.RATINGS, ratings);
        records.put(Dataset.COUNTRIES, countries);
        return records;
    }

    /** The languages a profile uses, in a fixed order. */
    public static List<String> languages(Profile profile) {
        return List.of(LANGUAGES).subList(0, Math.min(profile.languages(), LANGUAGES.length));
    }

    /** ISO 3166-1 alpha-2 codes, large markets first, as many as the profile has. */
    public static List<String> countryCodes(Profile profile) {
        if (profile.countries() > COUNTRIES.size()) {
            throw new IllegalArgumentException("profile " + profile.name() + " has " + profile.countries()
                    + " countries; there are " + COUNTRIES.size() + " ISO 3166-1 codes");
        }
        return COUNTRIES.subList(0, profile.countries());
    }

    private static List<String> countryOrder() {
        List<String> order = new ArrayList<>(List.of(FIRST_COUNTRIES.split(" ")));
        for (String code : ISO_3166_ALPHA_2.split(" ")) {
            if (!order.contains(code)) {
                order.add(code);
            }
        }
        return List.copyOf(order);
    }

    public static SyntheticCatalog generate(Profile profile, long seed, long nowMillis) {
        Random random = new Random(seed);
        List<String> languages = languages(profile);
        List<String> countryCodes = countryCodes(profile);
        int systems = Math.min(RATING_SYSTEMS.length, Math.max(3, profile.countries() / 19));

        List<CountryPolicy> policies = new ArrayList<>();
        for (String country : countryCodes) {
            String system = random.nextInt(5) == 0 ? "" : RATING_SYSTEMS[random.nextInt(systems)];
            policies.add(new CountryPolicy(country, system, pick(random, languages, 1 + random.nextInt(2)),
                    pick(random, languages, random.nextInt(3)), pick(random, languages, random.nextInt(3))));
        }

        List<Video> videos = new ArrayList<>();
        List<Contract> contracts = new ArrayList<>();
        List<Asset> assets = new ArrayList<>();
        List<Localization> localizations = new ArrayList<>();
        List<Rating> ratings = new ArrayList<>();
        long id = 1;
        int movies = profile.videos() * 2 / 5;
        while (videos.size() < profile.videos()) {
            boolean movie = videos.size() < movies;
            String original = languages.get(random.nextInt(Math.min(6, languages.size())) == 0
                    ? random.nextInt(languages.size()) : random.nextInt(Math.min(3, languages.size())));
            if (movie) {
                videos.add(new Video(id, "MOVIE", 0, original, "Movie " + id, 80 + random.nextInt(80)));
                describe(random, id, original, languages, countryCodes, policies, systems, nowMillis, true,
                        contracts, assets, localizations, ratings);
                id++;
                continue;
            }
            long show = id++;
            videos.add(new Video(show, "SHOW", 0, original, "Show " + show, 0));
            describe(random, show, original, languages, countryCodes, policies, systems, nowMillis, false,
                    contracts, assets, localizations, ratings);
            int seasons = 1 + random.nextInt(5);
            for (int s = 0; s < seasons && videos.size() < profile.videos(); s++) {
                long season = id++;
                videos.add(new Video(season, "SEASON", show, original, "Season " + (s + 1), 0));
                describe(random, season, original, languages, countryCodes, policies, systems, nowMillis, false,
                        contracts, assets, localizations, ratings);
                int episodes = 4 + random.nextInt(11);
                for (int e = 0; e < episodes && videos.size() < profile.videos(); e++) {
                    long episode = id++;
                    videos.add(new Video(episode, "EPISODE", season, original, "Episode " + (e + 1),
                            20 + random.nextInt(40)));
                    describe(random, episode, original, languages, countryCodes, policies, systems, nowMillis, true,
                            contracts, assets, localizations, ratings);
                }
            }
        }
        return new SyntheticCatalog(videos, contracts, assets, localizations, ratings, policies);
    }

    private static void describe(Random random, long video, String original, List<String> languages,
                                 List<String> countries, List<CountryPolicy> policies, int systems, long now,
                                 boolean playable, List<Contract> contracts, List<Asset> assets,
                                 List<Localization> localizations, List<Rating> ratings) {
        for (String language : languages) {
            if (language.equals(original) || random.nextInt(10) < 7) {
                String title = random.nextInt(40) == 0 ? " " : "Title " + video + " " + language;
                String synopsis = random.nextInt(25) == 0 ? "" : "Synopsis of " + video + " in " + language;
                localizations.add(new Localization(video, language, title, synopsis));
            }
        }
        for (int s = 0; s < systems; s++) {
            if (random.nextInt(10) < 8) {
                ratings.add(new Rating(video, RATING_SYSTEMS[s], random.nextInt(30) == 0 ? "" : "R" + s));
            }
        }
        if (!playable) {
            return;
        }
        int deals = 1 + random.nextInt(2);
        for (int d = 0; d < deals; d++) {
            Set<String> listed = new LinkedHashSet<>();
            int share = 50 + random.nextInt(51);
            for (String country : countries) {
                if (random.nextInt(100) < share) {
                    listed.add(country);
                }
            }
            long start;
            long end;
            switch (random.nextInt(10)) {
                case 0 -> { // closed
                    start = now - (400 + random.nextInt(400)) * DAY;
                    end = now - random.nextInt(300) * DAY - 1;
                }
                case 1 -> { // not yet open
                    start = now + (1 + random.nextInt(90)) * DAY;
                    end = start + 365 * DAY;
                }
                case 2 -> { // invalid: ends before it starts
                    start = now;
                    end = now - DAY;
                }
                default -> { // open
                    start = now - random.nextInt(700) * DAY;
                    end = now + (1 + random.nextInt(900)) * DAY;
                }
            }
            contracts.add(new Contract("c-" + video + "-" + d, video, listed, start, end));
        }
        assets.add(new Asset("v-" + video, video, "VIDEO", "", status(random, 40)));
        assets.add(new Asset("a-" + video + "-" + original, video, "AUDIO", original, status(random, 30)));
        for (String language : languages) {
            if (!language.equals(original) && random.nextInt(10) < 6) {
                assets.add(new Asset("a-" + video + "-" + language, video, "AUDIO", language, status(random, 15)));
            }
            if (random.nextInt(10) < 7) {
                assets.add(new Asset("s-" + video + "-" + language, video, "SUBTITLE", language,
                        status(random, 15)));
            }
        }
    }

    /** READY but one time in {@code oneIn}: then PENDING or FAILED. */
    private static String status(Random random, int oneIn) {
        if (random.nextInt(oneIn) != 0) {
            return "READY";
        }
        return random.nextBoolean() ? "PENDING" : "FAILED";
    }

    private static List<String> pick(Random random, List<String> from, int count) {
        Set<String> picked = new LinkedHashSet<>();
        while (picked.size() < Math.min(count, from.size())) {
            picked.add(from.get(random.nextInt(Math.min(from.size(), 12))));
        }
        return List.copyOf(picked);
    }
}
