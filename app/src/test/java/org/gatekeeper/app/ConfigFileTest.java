package org.gatekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ConfigFileTest {
    @TempDir
    Path dir;

    private String run(ConfigFile.Located located) {
        CommandLine command = GatekeeperCommand.commandLine();
        if (located.config() != null) {
            command.setDefaultValueProvider(located.config());
        }
        StringWriter out = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(command.execute(located.args())).isZero();
        return out.toString();
    }

    @Test
    void aSharedKey_appliesToEverySubcommand_aQualifiedKeyWins_andAFlagWinsOverBoth() throws Exception {
        Path config = dir.resolve("gatekeeper.properties");
        for (String store : List.of("shared", "mine", "flag")) {
            Files.createDirectories(dir.resolve(store)); // status reads a store that exists
        }
        Files.writeString(config, "data-dir=" + dir.resolve("shared") + "\nstatus.no-records=true\n");

        assertThat(run(ConfigFile.locate(new String[] {"--config", config.toString(), "status"}, null)))
                .contains("Store: " + dir.resolve("shared"));
        Files.writeString(config, "data-dir=" + dir.resolve("shared") + "\nstatus.data-dir=" + dir.resolve("mine")
                + "\n");
        assertThat(run(ConfigFile.locate(new String[] {"status", "--config=" + config}, null)))
                .contains("Store: " + dir.resolve("mine"));
        assertThat(run(ConfigFile.locate(new String[] {"status", "--data-dir", dir.resolve("flag").toString()},
                config.toString()))).contains("Store: " + dir.resolve("flag"));
        // A store flag on the command line wins over the other kind of store in the file.
        Files.writeString(config, "s3=s3://bucket/prefix\n");
        assertThat(run(ConfigFile.locate(new String[] {"status", "--data-dir", dir.resolve("flag").toString()},
                config.toString()))).contains("Store: " + dir.resolve("flag"));
    }

    @Test
    void aKeyThatNamesNoFlag_isRefused_theDocumentedFileIsNot(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("g.properties");
        Files.writeString(file, "data-dir=/tmp/x\ndemo.http-port=7071\nbogus-key=1\ndemo.nope=2\n");
        ConfigFile config = ConfigFile.locate(new String[] {"--config", file.toString(), "status"}, null).config();

        assertThatThrownBy(() -> config.checkKeys(GatekeeperCommand.commandLine()))
                .hasMessage("config file " + file + ": bogus-key, demo.nope are not flags of any command (a key is a "
                        + "flag's name without dashes, optionally after a command's name and a dot: data-dir, "
                        + "demo.http-port)");
        // Every key the shipped file documents, uncommented, is known.
        Path shipped = dir.resolve("shipped.properties");
        Files.writeString(shipped, Files.readString(Path.of("..", "config", "gatekeeper.properties"))
                .replaceAll("(?m)^#([a-z][a-z.-]*=)", "$1"));
        ConfigFile.locate(new String[] {"--config", shipped.toString()}, null).config()
                .checkKeys(GatekeeperCommand.commandLine());
    }

    @Test
    void aMissingConfigFile_isNamed() {
        assertThatThrownBy(() -> ConfigFile.locate(new String[] {"--config", "/nowhere/g.properties", "status"}, null))
                .hasMessage("config file /nowhere/g.properties does not exist");
    }

    /** config/gatekeeper.properties documents every flag of every subcommand but the benchmarks. */
    @Test
    void theDocumentedConfigFile_namesEveryFlag() throws Exception {
        String documented = Files.readString(Path.of("..", "config", "gatekeeper.properties"));
        List<String> missing = new ArrayList<>();
        GatekeeperCommand.commandLine().getSubcommands().forEach((name, sub) -> {
            if (name.equals("bench")) {
                return;
            }
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                String key = option.longestName().replaceFirst("^-+", "");
                if (!documented.contains("#" + name + "." + key + "=") && !documented.contains("\n#" + key + "=")) {
                    missing.add(name + "." + key);
                }
            }
        });
        assertThat(missing).isEmpty();
    }
}
