package org.vigil.gateway.http;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What comes in over HTTP must be UTF-8, strictly: a malformed byte sequence is refused, never
 * replaced with U+FFFD, so nothing mangled is acted on or stored (RFC 8259 §8.1 for JSON bodies;
 * RFC 3986 §2.5 for percent-encoded octets in the request target).
 */
final class Utf8 {

    private Utf8() {
    }

    /** The body's text; a body that is not valid UTF-8 is a {@link BadRequestException}. */
    static String text(ByteBuf content) {
        try {
            return decoder().decode(content.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the body is not valid UTF-8");
        }
    }

    /** Whether every percent-encoded octet sequence of a request target decodes as UTF-8. */
    static boolean validTarget(String target) {
        if (target.indexOf('%') < 0) return true;
        ByteArrayOutputStream octets = new ByteArrayOutputStream(target.length());
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%' && i + 2 < target.length() && Character.digit(target.charAt(i + 1), 16) >= 0
                    && Character.digit(target.charAt(i + 2), 16) >= 0) {
                octets.write(Integer.parseInt(target.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                octets.write(c < 0x80 ? c : '?');
            }
        }
        try {
            decoder().decode(ByteBuffer.wrap(octets.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
