package org.vigil.gateway.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** Passwords are kept only as bcrypt hashes (at.favre.lib:bcrypt); nothing here can reveal one. */
public final class PasswordHashing {

    /** OWASP's Password Storage Cheat Sheet asks for a bcrypt work factor of 10 or more. */
    public static final int COST = 12;
    /** bcrypt reads at most 72 bytes of a password; longer ones are refused rather than cut silently. */
    public static final int MAX_PASSWORD_BYTES = 72;

    /** Verified against when the user is unknown, so that the answer takes as long as for a real user. */
    private static final String UNKNOWN_USER_HASH = hash("no such user".toCharArray(), COST);

    private PasswordHashing() {
    }

    public static String hash(char[] password) {
        return hash(password, COST);
    }

    /** @param cost the bcrypt work factor, 4 to 31; tests use a low one to stay fast */
    public static String hash(char[] password, int cost) {
        if (password.length == 0) throw new IllegalArgumentException("the password is empty");
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("the password is longer than " + MAX_PASSWORD_BYTES + " bytes");
        }
        return BCrypt.withDefaults().hashToString(cost, password);
    }

    public static boolean matches(char[] password, String hash) {
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) return false;
        return BCrypt.verifyer().verify(password, hash.toCharArray()).verified;
    }

    /** Spends the same time as {@link #matches} and always says no. */
    static boolean matchesNobody(char[] password) {
        matches(password, UNKNOWN_USER_HASH);
        return false;
    }
}
