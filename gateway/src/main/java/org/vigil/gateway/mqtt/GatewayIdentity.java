package org.vigil.gateway.mqtt;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The user name and password the gateway's own MQTT connections present. For the embedded broker
 * the password is drawn at every start and lives only in memory; for an external broker both come
 * from the configuration.
 */
public record GatewayIdentity(String username, String password) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** 32 random bytes, Base64 without padding. */
    public static GatewayIdentity generated(String username) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new GatewayIdentity(username, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Compares in constant time, so that the answer does not tell how much of a guess was right. */
    boolean isPresentedBy(String user, byte[] presentedPassword) {
        if (password == null || presentedPassword == null || !username.equals(user)) return false;
        return MessageDigest.isEqual(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), presentedPassword);
    }

    @Override
    public String toString() {
        return "GatewayIdentity[" + username + "]";
    }
}
