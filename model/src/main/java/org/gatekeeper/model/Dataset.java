package org.gatekeeper.model;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gatekeeper.model.codec.FieldValues;
import org.gatekeeper.model.codec.RecordSchema;

/**
 * The six input datasets of SPEC §2, each named once: its Hollow type, key fields, Kafka topic and JSON schema.
 * Every stage iterates {@link #ALL} or looks a dataset up by {@link #named(String)}; nothing else spells a dataset.
 *
 * <p>The dataset name is also the Kafka topic suffix and the blob-store namespace (SPEC §2).
 */
public final class Dataset<T> {
    /** The topic prefix when none is configured (SPEC §3). */
    public static final String DEFAULT_TOPIC_PREFIX = "gatekeeper";

    public static final Dataset<Video> VIDEOS = new Dataset<>("videos", Video.class, RecordSchema.<Video>builder()
            .longField("id", Video::getId)
            .enumField("type", VideoType.class, Video::getType)
            .longField("parentId", Video::getParentId)
            .requiredStringField("originalLanguage", Video::getOriginalLanguage)
            .stringField("title", Video::getTitle)
            .intField("runtimeMinutes", Video::getRuntimeMinutes)
            .key("id")
            .factory(v -> new Video(v.getLong("id"), v.getString("type"), v.getLong("parentId"),
                    v.getString("originalLanguage"), v.getString("title"), v.getInt("runtimeMinutes")))
            .build());

    public static final Dataset<Contract> CONTRACTS = new Dataset<>("contracts", Contract.class,
            RecordSchema.<Contract>builder()
                    .stringField("id", Contract::getId)
                    .longField("videoId", Contract::getVideoId)
                    .setField("countries", Contract::getCountries)
                    .longField("windowStart", Contract::getWindowStart)
                    .longField("windowEnd", Contract::getWindowEnd)
                    .key("id")
                    .factory(v -> new Contract(v.getString("id"), v.getLong("videoId"), v.getSet("countries"),
                            v.getLong("windowStart"), v.getLong("windowEnd")))
                    .build());

    public static final Dataset<Asset> ASSETS = new Dataset<>("assets", Asset.class, RecordSchema.<Asset>builder()
            .stringField("id", Asset::getId)
            .longField("videoId", Asset::getVideoId)
            .enumField("kind", AssetKind.class, Asset::getKind)
            .stringField("language", Asset::getLanguage)
            .enumField("status", AssetStatus.class, Asset::getStatus)
            .key("id")
            .check(Dataset::checkAssetLanguage)
            .factory(v -> new Asset(v.getString("id"), v.getLong("videoId"), v.getString("kind"),
                    v.getString("language"), v.getString("status")))
            .build());

    public static final Dataset<Localization> LOCALIZATIONS = new Dataset<>("localizations", Localization.class,
            RecordSchema.<Localization>builder()
                    .longField("videoId", Localization::getVideoId)
                    .stringField("language", Localization::getLanguage)
                    .stringField("title", Localization::getTitle)
                    .stringField("synopsis", Localization::getSynopsis)
                    .key("videoId", "language")
                    .factory(v -> new Localization(v.getLong("videoId"), v.getString("language"),
                            v.getString("title"), v.getString("synopsis")))
                    .build());

    public static final Dataset<Rating> RATINGS = new Dataset<>("ratings", Rating.class,
            RecordSchema.<Rating>builder()
                    .longField("videoId", Rating::getVideoId)
                    .stringField("ratingSystem", Rating::getRatingSystem)
                    .stringField("value", Rating::getValue)
                    .key("videoId", "ratingSystem")
                    .factory(v -> new Rating(v.getLong("videoId"), v.getString("ratingSystem"), v.getString("value")))
                    .build());

    public static final Dataset<CountryPolicy> COUNTRIES = new Dataset<>("countries", CountryPolicy.class,
            RecordSchema.<CountryPolicy>builder()
                    .stringField("country", CountryPolicy::getCountry)
                    .stringField("ratingSystem", CountryPolicy::getRatingSystem)
                    .listField("metadataLanguages", CountryPolicy::getMetadataLanguages)
                    .listField("subtitleLanguages", CountryPolicy::getSubtitleLanguages)
                    .listField("dubLanguages", CountryPolicy::getDubLanguages)
                    .key("country")
                    .factory(v -> new CountryPolicy(v.getString("country"), v.getString("ratingSystem"),
                            v.getList("metadataLanguages"), v.getList("subtitleLanguages"),
                            v.getList("dubLanguages")))
                    .build());

    /** Every input dataset, in SPEC §2 order. */
    public static final List<Dataset<?>> ALL = List.of(VIDEOS, CONTRACTS, ASSETS, LOCALIZATIONS, RATINGS, COUNTRIES);

    private static final Map<String, Dataset<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Dataset::name, Function.identity()));

    private final String name;
    private final Class<T> type;
    private final RecordSchema<T> schema;

    private Dataset(String name, Class<T> type, RecordSchema<T> schema) {
        this.name = name;
        this.type = type;
        this.schema = schema;
    }

    /**
     * The dataset with this name.
     *
     * @throws IllegalArgumentException naming the valid datasets when there is none
     */
    public static Dataset<?> named(String name) {
        Dataset<?> dataset = BY_NAME.get(name);
        if (dataset == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; expected one of "
                    + ALL.stream().map(Dataset::name).collect(Collectors.joining(", ")));
        }
        return dataset;
    }

    /** The dataset name: Kafka topic suffix and blob-store namespace. */
    public String name() {
        return name;
    }

    /** The Hollow model class, whose simple name is the Hollow type name. */
    public Class<T> type() {
        return type;
    }

    public String hollowTypeName() {
        return type.getSimpleName();
    }

    public RecordSchema<T> schema() {
        return schema;
    }

    public List<String> keyFields() {
        return schema.keyFields();
    }

    /** {@code <prefix>.<dataset>} (SPEC §3). */
    public String topic(String prefix) {
        return prefix + "." + name;
    }

    /** {@code <prefix>.<dataset>.dlq} (SPEC §3). */
    public String deadLetterTopic(String prefix) {
        return topic(prefix) + ".dlq";
    }

    /** The record's Kafka key text: its key field values joined by {@code |} (SPEC §3). */
    public String keyText(T record) {
        StringBuilder key = new StringBuilder();
        for (String field : schema.keyFields()) {
            if (key.length() > 0) {
                key.append('|');
            }
            key.append(schema.field(field).getter().apply(record));
        }
        return key.toString();
    }

    /** The record's key field values in key order: {@code Long} or {@code String}, as a parsed Kafka key holds them. */
    public List<Object> keyValues(T record) {
        List<Object> values = new java.util.ArrayList<>(schema.keyFields().size());
        for (String field : schema.keyFields()) {
            values.add(schema.field(field).getter().apply(record));
        }
        return List.copyOf(values);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String checkAssetLanguage(FieldValues values) {
        String language = values.getString("language");
        if (AssetKind.VIDEO.name().equals(values.getString("kind"))) {
            return language.isEmpty() ? null
                    : "field 'language' must be \"\" for a VIDEO asset, got '" + language + "'";
        }
        return language.isBlank() ? "field 'language' is blank; an " + values.getString("kind")
                + " asset needs a language" : null;
    }
}
