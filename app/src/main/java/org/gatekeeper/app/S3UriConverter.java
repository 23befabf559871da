package org.gatekeeper.app;

import java.util.Optional;
import org.gatekeeper.model.store.S3Location;
import picocli.CommandLine;

/** {@code s3://bucket/prefix}, checked when the flag is read: a malformed one is a usage error. */
final class S3UriConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            S3Location.parse(value, "us-east-1", Optional.empty()); // the region and endpoint do not change the syntax
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        return value;
    }
}
