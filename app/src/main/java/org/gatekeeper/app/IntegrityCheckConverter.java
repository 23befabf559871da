package org.gatekeeper.app;

import org.gatekeeper.model.store.IntegrityCheck;
import picocli.CommandLine;

/** {@code full}, {@code changes} or {@code off}; anything else is a usage error naming the choices. */
public final class IntegrityCheckConverter implements CommandLine.ITypeConverter<IntegrityCheck> {
    @Override
    public IntegrityCheck convert(String value) {
        try {
            return IntegrityCheck.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
