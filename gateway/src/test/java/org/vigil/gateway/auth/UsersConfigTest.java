package org.vigil.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vigil.gateway.config.ConfigException;
import org.vigil.gateway.config.ConfigLoader;
import org.vigil.gateway.support.TestWards;

/** The {@code users:} section of {@code vigil.yaml}. */
class UsersConfigTest {

    private static final String HASH = "$2a$04$" + "a".repeat(53);
    private static final String BED = """
            beds:
              - id: chair-1
                devices:
                  - id: chair-1-oximeter
                    protocol: masimo
                    tcp: { host: 127.0.0.1, port: 4001 }
            """;

    @Test
    void usersAreReadWithTheirRolesAndHashes() throws Exception {
        var config = ConfigLoader.parse("vigil.yaml", BED + """
                users:
                  - name: anna
                    role: nurse
                    password-hash: "%s"
                """.formatted(HASH), TestWards.shippedConfig());
        assertThat(config.users()).singleElement().satisfies(user -> {
            assertThat(user.name()).isEqualTo("anna");
            assertThat(User.of(user).role().name()).isEqualTo("NURSE");
            assertThat(user.toString()).doesNotContain(HASH);
        });
    }

    @Test
    void anUnknownRoleOrAPlainPasswordIsRefusedWithItsLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("vigil.yaml", BED + """
                users:
                  - name: anna
                    role: doctor
                    password-hash: hunter2
                """, TestWards.shippedConfig()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("users[0].role").hasMessageContaining("viewer, nurse, admin")
                .hasMessageContaining("users[0].password-hash").hasMessageContaining("hash-password");
    }

    @Test
    void aGatewayServingTheNetworkNeedsUsers() {
        assertThatThrownBy(() -> ConfigLoader.parse("vigil.yaml", "http: { bind: 0.0.0.0 }\n" + BED, TestWards.shippedConfig()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("users are required");
    }
}
