package org.gatekeeper.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.gatekeeper.model.store.BlobNamespace;

/**
 * Where an unfinished sweep got to, kept as the note {@code sweep-checkpoint} of the dataset's namespace, so it lives
 * wherever the dataset lives (a directory or S3) and a sweep restarted on another machine resumes too. Written only
 * after Kafka acknowledged every record before {@code position}; removed when the sweep completes.
 *
 * @param mode the sweep mode ({@code full}, {@code repair})
 * @param source the source description: a checkpoint resumes only the same sweep of the same source
 * @param position source entries (then ghosts) already handled
 * @param emitted records sent up to {@code position}
 * @param comparedVersion the dataset version a repair compares with, 0 for none: a resumed repair compares with the
 *                        same version, so it classifies (and skips) exactly what it did before
 */
record SweepCheckpoint(String mode, String source, long position, long emitted, long comparedVersion) {
    static final String NOTE = "sweep-checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Optional<SweepCheckpoint> read(BlobNamespace namespace) {
        Optional<String> note = namespace.note(NOTE);
        if (note.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(note.get(), SweepCheckpoint.class));
        } catch (JsonProcessingException e) {
            throw new SweepException("the sweep checkpoint of " + namespace.location() + " (notes/" + NOTE
                    + ") is not valid; delete it to start over: " + e.getOriginalMessage());
        }
    }

    void write(BlobNamespace namespace) {
        try {
            namespace.writeNote(NOTE, JSON.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(BlobNamespace namespace) {
        namespace.deleteNote(NOTE);
    }

    boolean resumes(SweepMode sweepMode, String sourceDescription) {
        return mode.equals(sweepMode.label()) && source.equals(sourceDescription);
    }
}
