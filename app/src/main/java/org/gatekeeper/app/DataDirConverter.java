package org.gatekeeper.app;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** A data directory: one that exists, or one to create; a file there is a usage error, not an empty store. */
final class DataDirConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        Path path = Path.of(value);
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is a file, not a directory");
        }
        return path;
    }
}
