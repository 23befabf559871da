package org.gatekeeper.diff;

import org.gatekeeper.model.CountryStatus;

/**
 * One changed video-country pair.
 *
 * @param before the status before; null for {@link ChangeKind#PAIR_ADDED}
 * @param after the status after; null for {@link ChangeKind#PAIR_REMOVED}
 */
public record PairChange(long videoId, String country, ChangeKind kind, CountryStatus before, CountryStatus after) {
}
