package org.gatekeeper.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The configuration file: defaults for any flag of any subcommand, as a Java properties file
 * ({@code config/gatekeeper.properties} documents every key with its built-in default). A key is a flag's name
 * without its dashes ({@code data-dir}), applying to every subcommand that has that flag, or the subcommand's name, a
 * dot and the flag's name ({@code demo.http-port}), which wins. Flags on the command line win over both. Secrets stay
 * out of it: they come from the environment ({@code GATEKEEPER_HTTP_TOKEN}, {@code GATEKEEPER_JDBC_PASSWORD}) or from
 * the files the flags name ({@code --kafka-config}).
 *
 * <p>Which file: {@code --config FILE} anywhere on the command line, else {@code $GATEKEEPER_CONFIG}, else
 * {@code ./gatekeeper.properties} when it exists, else none.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    private final Path path;
    private final Properties properties;

    private ConfigFile(Path path, Properties properties) {
        this.path = path;
        this.properties = properties;
    }

    /** The arguments without {@code --config FILE}, and the file they or the environment name. */
    record Located(String[] args, ConfigFile config) {
    }

    static Located locate(String[] args, String environmentValue) {
        List<String> rest = new ArrayList<>();
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            } else {
                rest.add(args[i]);
            }
        }
        boolean named = file != null || (environmentValue != null && !environmentValue.isBlank());
        if (file == null && named) {
            file = Path.of(environmentValue);
        }
        if (file == null && Files.isRegularFile(Path.of("gatekeeper.properties"))) {
            file = Path.of("gatekeeper.properties");
        }
        return new Located(rest.toArray(new String[0]), file == null ? null : load(file));
    }

    private static ConfigFile load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
        return new ConfigFile(file, properties);
    }

    /**
     * Refuses keys that name no flag: a typo would otherwise be ignored without a word.
     *
     * @throws IllegalArgumentException naming the file and every unknown key
     */
    void checkKeys(CommandLine root) {
        java.util.Set<String> known = new java.util.HashSet<>();
        collectKeys(root, known);
        List<String> unknown = properties.stringPropertyNames().stream().filter(key -> !known.contains(key))
                .sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("config file " + path + ": " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is not a flag" : " are not flags") + " of any command (a key is a "
                    + "flag's name without dashes, optionally after a command's name and a dot: data-dir, "
                    + "demo.http-port)");
        }
    }

    private static void collectKeys(CommandLine command, java.util.Set<String> keys) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            String name = option.longestName().replaceFirst("^-+", "");
            keys.add(name);
            keys.add(command.getCommandName() + "." + name);
        }
        command.getSubcommands().values().forEach(sub -> collectKeys(sub, keys));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.command() == null) {
            return null;
        }
        String name = option.longestName().replaceFirst("^-+", "");
        String qualified = option.command().name() + "." + name;
        String value = properties.getProperty(qualified, properties.getProperty(name));
        return value == null ? null : value.trim();
    }

    @Override
    public String toString() {
        return "config file " + path;
    }
}
