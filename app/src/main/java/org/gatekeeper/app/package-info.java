/**
 * The {@code gatekeeper} command (SPEC §8). Start with {@link org.gatekeeper.app.GatekeeperCommand}, which lists
 * the subcommands; each is a small class that parses its flags and calls into the stage modules.
 */
package org.gatekeeper.app;
