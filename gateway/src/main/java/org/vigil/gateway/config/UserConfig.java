package org.vigil.gateway.config;

import java.util.List;

/**
 * One person who may sign in to the dashboard and the API.
 *
 * @param role viewer, nurse or admin
 * @param passwordHash a bcrypt hash, as printed by {@code vigil-gateway hash-password}
 */
public record UserConfig(String name, String role, String passwordHash) {

    public static final List<String> ROLES = List.of("viewer", "nurse", "admin");

    @Override
    public String toString() {
        return "UserConfig[name=" + name + ", role=" + role + "]";
    }
}
