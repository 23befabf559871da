package org.gatekeeper.model.store;

import java.time.Instant;

/**
 * Who may write a namespace: the single producer holding an unexpired lease (a second one stands by). The holder
 * renews it well before it expires; a producer that dies stops renewing and a standby takes over after expiry.
 *
 * @param owner the holder's identity (host, process, random part)
 * @param expiresAt when the lease lapses unless renewed
 */
public record ProducerLease(String owner, Instant expiresAt) {

    public boolean isHeldBy(String candidate) {
        return owner.equals(candidate);
    }

    public boolean isLiveAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
