package org.gatekeeper.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gatekeeper.core.Gatekeeper;
import org.gatekeeper.core.LivenessClient;
import org.gatekeeper.core.RuleSet;
import org.gatekeeper.model.profile.CatalogPublisher;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import org.gatekeeper.model.store.BlobStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The JMH benchmarks behind {@code gatekeeper bench client}: state and benchmark methods only, as JMH wants. */
public class ClientBenchmarks {
    /** A published output and a client following it. */
    @State(Scope.Benchmark)
    public static class Published {
        @Param("netflix")
        public String profile;

        Path dir;
        BlobStore store;
        LivenessClient client;
        Map<Long, java.util.Set<String>> handMade;
        long[] videos;
        String[] countries;
        int next;

        @Setup(Level.Trial)
        public void publish() throws Exception {
            long now = 1_795_000_000_000L;
            SyntheticCatalog catalog = SyntheticCatalog.generate(Profile.named(profile), 1, now);
            dir = Files.createTempDirectory("gatekeeper-bench-client-");
            store = BlobStore.directory(dir);
            CatalogPublisher.publishAll(store, catalog);
            new Gatekeeper(store, RuleSet.SPEC, Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC)).tick();
            client = LivenessClient.follow(store.namespace("liveness-prod"));
            Random random = new Random(1);
            videos = new long[1 << 16];
            countries = new String[1 << 16];
            List<String> codes = SyntheticCatalog.countryCodes(Profile.named(profile));
            for (int i = 0; i < videos.length; i++) {
                videos[i] = catalog.videos().get(random.nextInt(catalog.videos().size())).getId();
                countries[i] = codes.get(random.nextInt(codes.size()));
            }
            handMade = new java.util.HashMap<>();
            for (var video : catalog.videos()) {
                handMade.put(video.getId(), new java.util.HashSet<>(client.liveCountries(video.getId())));
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            client.close();
            store.close();
            ProducerBench.deleteRecursively(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean isLive(Published state) {
        int i = state.next++ & (state.videos.length - 1);
        return state.client.isLive(state.videos[i], state.countries[i]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean baselineHashMapOfLiveCountries(Published state) {
        int i = state.next++ & (state.videos.length - 1);
        return state.handMade.get(state.videos[i]).contains(state.countries[i]);
    }
}
