package org.vigil.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    @Test
    void aHashVerifiesItsPasswordOnlyAndIsSaltedEveryTime() {
        String hash = PasswordHashing.hash("s3cret pass".toCharArray(), 4);
        assertThat(hash).startsWith("$2a$04$").hasSize(60);
        assertThat(PasswordHashing.matches("s3cret pass".toCharArray(), hash)).isTrue();
        assertThat(PasswordHashing.matches("s3cret pasS".toCharArray(), hash)).isFalse();
        assertThat(PasswordHashing.hash("s3cret pass".toCharArray(), 4)).isNotEqualTo(hash);
    }

    @Test
    void theDefaultWorkFactorIsTwelve() {
        assertThat(PasswordHashing.hash("x".toCharArray())).startsWith("$2a$12$");
    }

    @Test
    void emptyAndOverlongPasswordsAreRefused() {
        assertThatThrownBy(() -> PasswordHashing.hash(new char[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> PasswordHashing.hash("x".repeat(73).toCharArray())).hasMessageContaining("72 bytes");
    }
}
