package org.vigil.alerting;

import java.nio.file.Path;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.ProfileLoader;

/** The shipped adult ketamine-session profile, as the gateway loads it. */
final class KapAdult {

    static final Path FILE = Path.of("..", "config", "alarm-profiles", "kap-adult.yaml");

    private KapAdult() {
    }

    static AlarmProfile profile() {
        return ProfileLoader.load(FILE);
    }
}
