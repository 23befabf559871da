package org.gatekeeper.app;

import java.time.Clock;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gatekeeper.app.demo.UpstreamSimulator;
import org.gatekeeper.model.profile.Profile;
import org.gatekeeper.model.profile.SyntheticCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatekeeper load}: writes a profile's whole synthetic catalog as change records to any Kafka. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Write a synthetic catalog's change records (SPEC §3) to Kafka, one topic per dataset.")
final class LoadCommand implements Callable<Integer> {
    @Option(names = "--profile", paramLabel = "small|netflix", defaultValue = "small",
            converter = ProfileConverter.class,
            description = "Which catalog (default: ${DEFAULT-VALUE}).")
    Profile profile;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Catalog seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    KafkaOptions kafka;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SyntheticCatalog catalog = SyntheticCatalog.generate(profile, seed, System.currentTimeMillis());
        long sent;
        try (UpstreamSimulator upstream = new UpstreamSimulator(catalog, seed, Clock.systemUTC(),
                kafka.bootstrapServers, kafka.topicPrefix, 0, 0, kafka.clientProperties());
             ProgressBar bar = new ProgressBarBuilder().setTaskName("load " + profile.name())
                     .setInitialMax(catalog.recordCount()).setStyle(ProgressBarStyle.ASCII).setUnit(" records", 1)
                     .showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            sent = upstream.publishAll(bar::stepTo);
        }
        spec.commandLine().getOut().printf("Wrote %,d change records of profile %s to %s (topics %s.<dataset>)%n",
                sent, profile.name(), kafka.bootstrapServers, kafka.topicPrefix);
        return 0;
    }
}
