package org.vigil.gateway.auth;

import java.util.List;
import org.vigil.gateway.config.UserConfig;

/** A viewer, a nurse and an admin, hashed with bcrypt's lowest work factor so that tests stay fast. */
public final class TestUsers {

    public static final String PASSWORD = "correct horse battery staple";
    /** bcrypt's smallest work factor. */
    private static final int TEST_COST = 4;
    private static final String HASH = PasswordHashing.hash(PASSWORD.toCharArray(), TEST_COST);

    private TestUsers() {
    }

    public static List<UserConfig> all() {
        return List.of(new UserConfig("viewer", "viewer", HASH), new UserConfig("nurse", "nurse", HASH),
                new UserConfig("admin", "admin", HASH));
    }
}
