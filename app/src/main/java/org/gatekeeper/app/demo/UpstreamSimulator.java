package org.gatekeeper.app.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gatekeeper.model.Asset;
import org.gatekeeper.model.Contract;
import org.gatekeeper.model.CountryPolicy;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Localization;
import org.gatekeeper.model.Rating;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's six upstream systems: each holds its dataset (the system of record) and writes a SPEC §3 change record
 * to Kafka for every change it makes. Changes are the ones a real catalog sees: a rating added, subtitles landing, an
 * asset finishing (READY) or failing, a new contract opening a window, a translation arriving. A few records are bad
 * on purpose (the dead-letter path), and a small share of changes never reach Kafka (missed events, for the sweep).
 * Every choice comes from one seeded {@link Random}, so a run is reproducible for a seed.
 */
public final class UpstreamSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSimulator.class);

    /** What one step did. */
    public record Step(int sent, int missed, int bad) {
    }

    private final Map<Dataset<?>, LinkedHashMap<String, Object>> records = new LinkedHashMap<>();
    private final Random random;
    private final Clock clock;
    private final String prefix;
    private final KafkaProducer<byte[], byte[]> kafka;
    private final double missedShare;
    private final int badEvery;
    private final List<String> countries;
    private final List<String> languages;
    private final List<String> ratingSystems;
    private long changes;
    private long contractSerial;
    private long assetSerial;

    /**
     * @param catalog the systems' records at the start: a synthetic catalog, or what the datasets hold after a restart
     * @param missedShare the share of changes that are made upstream but never sent (0.02: one in fifty)
     * @param badEvery one bad record every this many changes; 0 for none
     * @param kafkaProperties client settings for an external Kafka (security, ...); they override the defaults
     */
    public UpstreamSimulator(SyntheticCatalog catalog, long seed, Clock clock, String bootstrapServers, String prefix,
                             double missedShare, int badEvery, Map<String, String> kafkaProperties) {
        this.random = new Random(seed);
        this.clock = clock;
        this.prefix = prefix;
        this.missedShare = missedShare;
        this.badEvery = badEvery;
        catalog.byDataset().forEach((dataset, list) -> {
            LinkedHashMap<String, Object> byKey = new LinkedHashMap<>();
            for (Object record : list) {
                byKey.put(keyText(dataset, record), record);
            }
            records.put(dataset, byKey);
        });
        this.countries = catalog.countries().stream().map(CountryPolicy::getCountry).sorted().toList();
        TreeSet<String> allLanguages = new TreeSet<>();
        TreeSet<String> systems = new TreeSet<>();
        catalog.countries().forEach(p -> {
            allLanguages.addAll(p.getMetadataLanguages());
            allLanguages.addAll(p.getSubtitleLanguages());
            allLanguages.addAll(p.getDubLanguages());
            if (!p.getRatingSystem().isEmpty()) {
                systems.add(p.getRatingSystem());
            }
        });
        catalog.videos().forEach(v -> allLanguages.add(v.getOriginalLanguage()));
        this.languages = List.copyOf(allLanguages);
        this.ratingSystems = List.copyOf(systems);
        Map<String, Object> config = new LinkedHashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 9 << 20,
                ProducerConfig.CLIENT_ID_CONFIG, "gatekeeper-demo-upstream"));
        config.putAll(kafkaProperties);
        this.kafka = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @SuppressWarnings("unchecked")
    private static <T> String keyText(Dataset<T> dataset, Object record) {
        return dataset.keyText((T) record);
    }

    /** Writes every record the systems hold, as the first load of an empty pipeline; reports progress per dataset. */
    public synchronized long publishAll(LongConsumer progress) {
        long sent = 0;
        for (Map.Entry<Dataset<?>, LinkedHashMap<String, Object>> entry : records.entrySet()) {
            for (Object record : entry.getValue().values()) {
                send(entry.getKey(), record);
                if (++sent % 10_000 == 0) {
                    progress.accept(sent);
                }
            }
        }
        kafka.flush();
        progress.accept(sent);
        return sent;
    }

    /** Makes {@code count} upstream changes now. */
    public synchronized Step step(int count) {
        int sent = 0;
        int missed = 0;
        int bad = 0;
        for (int i = 0; i < count; i++) {
            changes++;
            if (badEvery > 0 && changes % badEvery == 0) {
                sendBad();
                bad++;
                continue;
            }
            Change change = nextChange();
            records.get(change.dataset).put(keyText(change.dataset, change.record), change.record);
            if (random.nextDouble() < missedShare) {
                missed++; // made upstream, never sent: the sweep heals it
            } else {
                send(change.dataset, change.record);
                sent++;
            }
        }
        kafka.flush();
        return new Step(sent, missed, bad);
    }

    private record Change(Dataset<?> dataset, Object record) {
    }

    private Change nextChange() {
        List<Object> videos = new ArrayList<>(records.get(Dataset.VIDEOS).values());
        Video video = (Video) videos.get(random.nextInt(videos.size()));
        long now = clock.millis();
        int kind = random.nextInt(100);
        if (kind < 25 && !ratingSystems.isEmpty()) {
            String system = ratingSystems.get(random.nextInt(ratingSystems.size()));
            String[] values = {"G", "PG", "12", "16", "18", "TV-14", "U"};
            return new Change(Dataset.RATINGS, new Rating(video.getId(), system, values[random.nextInt(values.length)]));
        }
        if (kind < 50) {
            String language = languages.get(random.nextInt(languages.size()));
            return new Change(Dataset.ASSETS, new Asset("a-sim-" + (++assetSerial), video.getId(), "SUBTITLE",
                    language, random.nextInt(5) == 0 ? "PENDING" : "READY"));
        }
        if (kind < 70) {
            List<Object> assets = new ArrayList<>(records.get(Dataset.ASSETS).values());
            Asset asset = (Asset) assets.get(random.nextInt(assets.size()));
            String status = random.nextInt(6) == 0 ? "FAILED" : "READY";
            return new Change(Dataset.ASSETS, new Asset(asset.getId(), asset.getVideoId(), asset.getKind(),
                    asset.getLanguage(), status));
        }
        if (kind < 85) {
            TreeSet<String> where = new TreeSet<>();
            for (int i = 1 + random.nextInt(Math.min(8, countries.size())); i > 0; i--) {
                where.add(countries.get(random.nextInt(countries.size())));
            }
            long start = now - Duration.ofMinutes(random.nextInt(5)).toMillis();
            return new Change(Dataset.CONTRACTS, new Contract("c-sim-" + (++contractSerial), video.getId(), where,
                    start, start + Duration.ofDays(30 + random.nextInt(700)).toMillis()));
        }
        String language = languages.get(random.nextInt(languages.size()));
        return new Change(Dataset.LOCALIZATIONS, new Localization(video.getId(), language,
                video.getTitle() + " (" + language + ")", "Synopsis in " + language));
    }

    private void sendBad() {
        String topic = Dataset.VIDEOS.topic(prefix);
        byte[][] cases = {
                {'4', '2'}, "{\"id\":42,\"type\":\"movie\"}".getBytes(StandardCharsets.UTF_8),
                {'0', '7'}, "{\"id\":7}".getBytes(StandardCharsets.UTF_8),
                {'9'}, "not json".getBytes(StandardCharsets.UTF_8)};
        int which = random.nextInt(3);
        kafka.send(new ProducerRecord<>(topic, cases[which * 2], cases[which * 2 + 1]));
    }

    @SuppressWarnings("unchecked")
    private <T> void send(Dataset<T> dataset, Object record) {
        ChangeRecordCodec<T> codec = ChangeRecordCodec.of(dataset);
        kafka.send(new ProducerRecord<>(dataset.topic(prefix), codec.encodeKey((T) record),
                codec.encodeValue((T) record)));
    }

    /** What a system holds now, in a stable order: the sweep's source. */
    @SuppressWarnings("unchecked")
    public synchronized <T> List<T> records(Dataset<T> dataset) {
        return (List<T>) List.copyOf(records.get(dataset).values());
    }

    public synchronized long changesMade() {
        return changes;
    }

    @Override
    public void close() {
        kafka.close(Duration.ofSeconds(10));
        LOG.info("Upstream simulator stopped after {} changes", changes);
    }
}
