package org.gatekeeper.app.demo;

import java.nio.file.Path;
import java.time.Duration;
import org.gatekeeper.model.profile.Profile;

/**
 * Everything {@code gatekeeper demo} can be told (SPEC §8), with its defaults.
 *
 * @param kafkaPort the embedded broker's port; 0 for any free port
 * @param httpPort the page's port; 0 for any free port
 * @param simulate whether the simulated upstream systems run; without them the pipeline waits for others' records
 * @param cycle the producers' cadence
 * @param evalEvery the gatekeepers' cadence
 * @param changesPerMinute upstream changes the simulator makes per minute once the catalog is loaded
 * @param sweepEvery how often each dataset is swept (repair mode) against its simulated system of record
 */
public record DemoSettings(Path dataDir, int kafkaPort, int httpPort, boolean simulate, Duration cycle,
                           Duration evalEvery, Profile profile, long seed, int changesPerMinute, Duration sweepEvery) {

    public static DemoSettings defaults() {
        return new DemoSettings(Path.of("gatekeeper-data"), 9092, 7070, true, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Profile.SMALL, 1, 120, Duration.ofMinutes(10));
    }

    public DemoSettings withDataDir(Path newDir) {
        return new DemoSettings(newDir, kafkaPort, httpPort, simulate, cycle, evalEvery, profile, seed,
                changesPerMinute, sweepEvery);
    }

    public DemoSettings withPorts(int newKafkaPort, int newHttpPort) {
        return new DemoSettings(dataDir, newKafkaPort, newHttpPort, simulate, cycle, evalEvery, profile, seed,
                changesPerMinute, sweepEvery);
    }

    public DemoSettings withCadences(Duration newCycle, Duration newEvalEvery) {
        return new DemoSettings(dataDir, kafkaPort, httpPort, simulate, newCycle, newEvalEvery, profile, seed,
                changesPerMinute, sweepEvery);
    }

    public DemoSettings withSimulation(boolean newSimulate, int newChangesPerMinute) {
        return new DemoSettings(dataDir, kafkaPort, httpPort, newSimulate, cycle, evalEvery, profile, seed,
                newChangesPerMinute, sweepEvery);
    }

    public DemoSettings withProfile(Profile newProfile, long newSeed) {
        return new DemoSettings(dataDir, kafkaPort, httpPort, simulate, cycle, evalEvery, newProfile, newSeed,
                changesPerMinute, sweepEvery);
    }

    public DemoSettings withSweepEvery(Duration newSweepEvery) {
        return new DemoSettings(dataDir, kafkaPort, httpPort, simulate, cycle, evalEvery, profile, seed,
                changesPerMinute, newSweepEvery);
    }
}
