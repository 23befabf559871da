package org.gatekeeper.app;

import picocli.CommandLine;

/** A TCP port, 0 to 65535 (0: any free port); anything else is a usage error, before anything starts. */
final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port number");
        }
        if (port < 0 || port > 65_535) {
            throw new CommandLine.TypeConversionException("a port is between 0 and 65535, got " + port);
        }
        return port;
    }
}
