package org.vigil.alerting.profile;

/** A profile that cannot be used, with where the problem is: {@code kap-adult.yaml:12: rules[3].delay: ...}. */
public final class ProfileException extends RuntimeException {

    private final String file;
    private final int line;
    private final String key;
    private final String problem;

    public ProfileException(String file, int line, String key, String problem) {
        super(file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
        this.file = file;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    public String file() { return file; }

    /** 1-based line in the file. */
    public int line() { return line; }

    /** Path of the key, e.g. {@code rules[3].delay}; empty for the whole file. */
    public String key() { return key; }

    public String problem() { return problem; }
}
