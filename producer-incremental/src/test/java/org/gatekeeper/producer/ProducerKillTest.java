package org.gatekeeper.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.store.BlobNamespace;
import org.junit.jupiter.api.Test;

/**
 * A producer in a child JVM, killed with SIGKILL at random moments while records flow; after the last restart
 * the dataset equals the fold of every record written and every bad record reached the DLQ.
 */
class ProducerKillTest extends ProducerTestSupport {
    private static final int KILLS = Integer.getInteger("gatekeeper.test.kills", 4);

    @Test
    void killMinus9AtRandomMoments_loseNothingAndApplyNothingTwice() throws Exception {
        long seed = Long.getLong("gatekeeper.test.seed", System.nanoTime());
        System.out.println("ProducerKillTest seed=" + seed + " (rerun with -Dgatekeeper.test.seed=" + seed + ")");
        Random random = new Random(seed);
        Upstream<Video> upstream = upstream(Dataset.VIDEOS);
        BlobNamespace videos = store.namespace("videos");
        int next = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = startChild(kill);
            awaitStarted(child, kill);
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(1_500));
            while (System.nanoTime() < killAt) {
                for (int i = 0; i < 20; i++, next++) {
                    int id = random.nextInt(400);
                    if (random.nextInt(10) == 0) {
                        upstream.delete(new Video(id, "MOVIE", 0, "en", "", 0));
                    } else if (random.nextInt(50) == 0) {
                        upstream.bad(("bad-" + next).getBytes(StandardCharsets.UTF_8), "{".getBytes());
                    } else {
                        upstream.upsert(new Video(id, "MOVIE", 0, "en", "t" + next, next));
                    }
                }
                upstream.flush();
                Thread.sleep(random.nextInt(40));
            }
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }

        DatasetProducer<Video> last = startProducer(Dataset.VIDEOS,
                DatasetProducer.builder(Dataset.VIDEOS, videos, settings()));
        catchUp(last);

        assertThat(announcedRecords(videos, Dataset.VIDEOS)).as("seed %d", seed)
                .containsExactlyInAnyOrderElementsOf(upstream.expectedRecords());
        List<String> deadKeys = readTopic(Dataset.VIDEOS.deadLetterTopic(prefix), upstream.badRecords()).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().toList();
        assertThat(deadKeys).as("seed %d: every bad record reached the DLQ", seed).hasSize(upstream.badRecords());
    }

    private Process startChild(int run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dataDir.resolve("child-" + run + ".log");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                ProducerProcess.class.getName(), kafka.bootstrapServers(), dataDir.toString(), prefix)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void awaitStarted(Process child, int run) throws Exception {
        File log = dataDir.resolve("child-" + run + ".log").toFile();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (log.exists() && Files.readString(log.toPath()).contains("STARTED")) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child producer exited: " + Files.readString(log.toPath()));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("child producer did not start: " + Files.readString(log.toPath()));
    }
}
