package org.gatekeeper.app;

import org.gatekeeper.model.profile.Profile;
import picocli.CommandLine;

/** {@code small} or {@code netflix} (SPEC §9); anything else is a usage error naming the choices. */
final class ProfileConverter implements CommandLine.ITypeConverter<Profile> {
    @Override
    public Profile convert(String value) {
        try {
            return Profile.named(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
