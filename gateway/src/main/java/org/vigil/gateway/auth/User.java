package org.vigil.gateway.auth;

import java.util.Locale;
import org.vigil.gateway.config.UserConfig;
import org.vigil.gateway.http.Caller;

/** A person who may sign in, with the bcrypt hash of their password. */
public record User(String name, Caller.Role role, String passwordHash) {

    public static User of(UserConfig config) {
        return new User(config.name(), Caller.Role.valueOf(config.role().toUpperCase(Locale.ROOT)), config.passwordHash());
    }

    public Caller caller() {
        return new Caller(name, role);
    }

    @Override
    public String toString() {
        return "User[" + name + ", " + role + "]";
    }
}
