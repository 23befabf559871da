package org.gatekeeper.app;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Quiet logs by default: our own at INFO, Kafka, Jetty, the AWS SDK and Hollow at WARN, and Hollow's
 * java.util.logging routed to SLF4J. Any {@code org.slf4j.simpleLogger.*} system property set by the user wins.
 */
final class Logging {
    private Logging() {
    }

    static void install() {
        defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
        defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        defaultProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        for (String quiet : new String[] {"org.apache.kafka", "kafka", "org.eclipse.jetty", "io.javalin",
                "software.amazon.awssdk", "com.netflix.hollow", "state.change.logger", "org.gaul", "org.jclouds"}) {
            defaultProperty("org.slf4j.simpleLogger.log." + quiet, "warn");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
