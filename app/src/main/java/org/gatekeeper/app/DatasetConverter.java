package org.gatekeeper.app;

import org.gatekeeper.model.Dataset;
import picocli.CommandLine;

/** A dataset name on the command line; an unknown one is a usage error listing the valid names. */
final class DatasetConverter implements CommandLine.ITypeConverter<Dataset<?>> {
    @Override
    public Dataset<?> convert(String name) {
        try {
            return Dataset.named(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
