package org.gatekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gatekeeper.embedded.KafkaBroker;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.Video;
import org.gatekeeper.model.codec.ChangeRecordCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    @TempDir
    static Path brokerDir;
    static KafkaBroker kafka;
    @TempDir
    Path dir;

    private final CommandRun command = new CommandRun();

    @BeforeAll
    static void startKafka() {
        kafka = KafkaBroker.start(brokerDir.resolve("kafka"), 0);
        kafka.createTopics(java.util.List.of("cli.videos"), 3);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void sweepOfAJsonLinesFile_sendsEveryRecord_andReportsTheBadLine_exit0() throws Exception {
        ChangeRecordCodec<Video> codec = ChangeRecordCodec.of(Dataset.VIDEOS);
        Path file = dir.resolve("videos.jsonl");
        Files.writeString(file, new String(codec.encodeValue(new Video(1, "MOVIE", 0, "en", "One", 90)),
                StandardCharsets.UTF_8) + "\n{\"id\":-2}\n"
                + new String(codec.encodeValue(new Video(2, "MOVIE", 0, "en", "Two", 90)), StandardCharsets.UTF_8));

        int exit = command.run("sweep", "--dataset", "videos", "--source", file.toString(), "--mode", "repair",
                "--no-progress", "--data-dir", dir.resolve("data").toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "cli");

        assertThat(exit).as(command.err.toString()).isZero();
        assertThat(command.out.toString()).contains("sweep videos (repair)").contains("missing 2")
                .contains("invalid 1").contains("emitted 2").contains("invalid: videos.jsonl line 2:");
    }

    @Test
    void missingSourceFile_exit1NamingIt() {
        Path file = dir.resolve("absent.jsonl");
        int exit = command.run("sweep", "--dataset", "videos", "--source", file.toString(), "--no-progress",
                "--data-dir", dir.toString(), "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "cli");

        assertThat(exit).isEqualTo(1);
        assertThat(command.err.toString()).contains("source file " + file + " does not exist");
    }

    @Test
    void usageErrors_exit2WithTheUsage() {
        assertThat(command.run("sweep", "--dataset", "videos", "--source", "x.jsonl", "--mode", "partial"))
                .isEqualTo(2);
        assertThat(command.err.toString()).contains("'partial' is not a sweep mode").contains("Usage: gatekeeper sweep");
        assertThat(command.run("sweep", "--dataset", "videos")).isEqualTo(2);
        assertThat(command.run("sweep", "--dataset", "films", "--source", "x.jsonl")).isEqualTo(2);
        assertThat(command.err.toString()).contains("unknown dataset 'films'");
    }
}
