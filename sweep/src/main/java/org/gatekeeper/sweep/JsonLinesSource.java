package org.gatekeeper.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.gatekeeper.model.Dataset;
import org.gatekeeper.model.codec.ChangeRecord;
import org.gatekeeper.model.codec.ChangeRecordCodec;

/**
 * Newline-delimited JSON: one SPEC §2 record per line, the same JSON object a change record's value holds. Blank
 * lines are skipped; a line that is not a valid record is reported with its line number and never sent.
 */
public final class JsonLinesSource<T> implements SweepSource<T> {
    private final Dataset<T> dataset;
    private final Path file;
    private final ChangeRecordCodec<T> codec;

    public JsonLinesSource(Dataset<T> dataset, Path file) {
        this.dataset = dataset;
        this.file = file;
        this.codec = ChangeRecordCodec.of(dataset);
    }

    @Override
    public Dataset<T> dataset() {
        return dataset;
    }

    @Override
    public String description() {
        return "file " + file;
    }

    /** Counts the lines: one fast pass over the file, so the progress bar has a total. */
    @Override
    public OptionalLong estimatedSize() {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lines = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines++;
                }
            }
            return OptionalLong.of(lines);
        } catch (IOException | UncheckedIOException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public Cursor<T> open() {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SweepException("source file " + file + " does not exist");
        } catch (IOException e) {
            throw new SweepException("cannot open source file " + file + ": " + e.getMessage(), e);
        }
        try {
            return cursor(reader);
        } catch (RuntimeException e) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
            throw e;
        }
    }

    private Cursor<T> cursor(BufferedReader reader) {
        return new Cursor<>() {
            private long lineNumber;
            private String next = advance();

            private String advance() {
                try {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lineNumber++;
                        if (!line.isBlank()) {
                            return line;
                        }
                    }
                    return null;
                } catch (IOException | UncheckedIOException e) {
                    throw new SweepException("cannot read source file " + file + " after line " + lineNumber
                            + ": " + e.getMessage(), e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public SourceEntry<T> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String where = file.getFileName() + " line " + lineNumber;
                ChangeRecord<T> record = codec.decodeRecord(next.getBytes(StandardCharsets.UTF_8));
                next = advance();
                return new SourceEntry<>(where, record);
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
