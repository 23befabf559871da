package org.gatekeeper.diff.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.gatekeeper.diff.PublishedOutputs;
import org.gatekeeper.model.store.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's token never shows: not in any response, not in any log line, whatever the request. */
class SecretsTest {
    private static final String TOKEN = "tok-4f9c2a7e-never-shown";

    @TempDir
    Path dataDir;

    @Test
    void theToken_appearsInNoResponseAndNoLogLine() throws Exception {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        List<String> bodies = new ArrayList<>();
        try (BlobStore store = BlobStore.directory(dataDir)) {
            PublishedOutputs outputs = new PublishedOutputs(store, 5);
            PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
            System.setErr(capture);
            System.setOut(capture);
            try (DiffServer server = DiffServer.start(store, DiffServer.Settings.loopback(0).withToken(TOKEN),
                    Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                String[] paths = {"/", "/compare", "/api/versions/liveness-prod", "/metrics", "/health",
                        "/api/diff?from=liveness-prod:" + outputs.prod1() + "&to=bad", "/nothing"};
                for (String path : paths) {
                    for (String auth : new String[] {null, "Bearer wrong-" + TOKEN.substring(4), "Bearer " + TOKEN}) {
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path));
                        if (auth != null) {
                            request.header("Authorization", auth);
                        }
                        bodies.add(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
                    }
                }
                bodies.add(http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN + "x&next=/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        assertThat(bodies).hasSize(22).allSatisfy(body -> assertThat(body).doesNotContain(TOKEN));
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains("liveness-prod")); // the token worked
        assertThat(logs.toString(StandardCharsets.UTF_8)).as("the log was captured")
                .contains("a bearer token is required").doesNotContain(TOKEN);
    }
}
