package org.gatekeeper.app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gatekeeper.model.store.BlobStore;
import org.gatekeeper.model.store.S3Location;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The blob-store flags every subcommand that reads or writes blobs takes (SPEC §8): a local directory, or S3 with
 * the SDK's default credential chain (environment, profile, instance role).
 */
final class StoreOptions {
    @ArgGroup(exclusive = true)
    Where where = new Where();

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "Endpoint of an S3-compatible store (MinIO, s3proxy, ...); path-style addressing is used.")
    URI s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "AWS region of the bucket (default: $AWS_REGION, else ${DEFAULT-VALUE}).")
    String s3Region;

    static final class Where {
        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "gatekeeper-data",
                description = "Local directory store, one folder per namespace (default: ./${DEFAULT-VALUE}).")
        Path dataDir = Path.of("gatekeeper-data");

        @Option(names = "--s3", paramLabel = "s3://BUCKET/PREFIX", converter = S3UriConverter.class, description = "S3 store instead of a directory.")
        String s3;
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * The store the flags name. {@code --s3} wins over a {@code --data-dir} that only a config file gave, and a
     * {@code --data-dir} given on the command line wins over an {@code --s3} from a config file (flags on the
     * command line win). A data dir that is a file is a usage error.
     */
    BlobStore open() {
        boolean dataDirOnCommandLine = command.commandLine().getParseResult().hasMatchedOption("--data-dir");
        if (where.s3 != null && !dataDirOnCommandLine) {
            return BlobStore.s3(S3Location.parse(where.s3, s3Region, Optional.ofNullable(s3Endpoint)));
        }
        checkDataDir(where.dataDir, command);
        return BlobStore.directory(where.dataDir);
    }

    /**
     * The store, for a command that only reads what is there (status, diff, replay, pin): a data dir that does not
     * exist is a usage error, not an empty store (a mistyped path would read as "nothing published yet").
     */
    BlobStore openExisting() {
        boolean dataDirOnCommandLine = command.commandLine().getParseResult().hasMatchedOption("--data-dir");
        if ((where.s3 == null || dataDirOnCommandLine) && !Files.exists(where.dataDir)) {
            throw new ParameterException(command.commandLine(), "--data-dir '" + where.dataDir + "' does not exist: "
                    + "nothing was ever written there (a producer or the demo creates it)");
        }
        return open();
    }

    /** A data directory exists or is to be created; a file there is a usage error, not an empty store. */
    static void checkDataDir(Path dataDir, CommandSpec command) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new ParameterException(command.commandLine(), "--data-dir '" + dataDir
                    + "' is a file, not a directory");
        }
    }
}
