package org.vigil.gateway.config;

import java.util.List;

/**
 * Active/standby on PostgreSQL (docs/deployment.md): off unless {@code enabled}. Both gateways of a
 * pair run the same configuration.
 *
 * @param lease how long the lease lasts after a renewal; the active gateway stops all output once
 *              its last successful renewal started this long ago
 * @param renew how often the active gateway renews the lease
 * @param poll  how often the standby tries to take an expired lease
 * @param peers the public URLs of both gateways, which the dashboard tries when its stream drops
 */
public record HaConfig(Boolean enabled, DurationText lease, DurationText renew, DurationText poll, List<String> peers) {

    public static final HaConfig DEFAULT = new HaConfig(false, null, null, null, null);

    public HaConfig {
        enabled = enabled != null && enabled;
        lease = lease == null ? DurationText.parse("3s") : lease;
        renew = renew == null ? DurationText.parse("1s") : renew;
        poll = poll == null ? DurationText.parse("500ms") : poll;
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    public boolean isEnabled() {
        return enabled;
    }
}
