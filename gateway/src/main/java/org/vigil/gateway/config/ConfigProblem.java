package org.vigil.gateway.config;

/**
 * One mistake in a configuration file.
 *
 * @param file    the file name as given
 * @param line    1-based line, or 0 when the file could not be read at all
 * @param key     the key's path, e.g. {@code beds[1].devices[0].tcp.port}
 * @param message what is wrong
 */
public record ConfigProblem(String file, int line, String key, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
