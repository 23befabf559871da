/**
 * The diff tool: what changes between two output states (above all PREPROD vs PROD), as a web page and a CLI.
 * Not built yet: see issue 6.
 */
package org.gatekeeper.diff;
