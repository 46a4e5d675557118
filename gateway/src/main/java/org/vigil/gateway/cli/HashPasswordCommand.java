package org.vigil.gateway.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.vigil.gateway.auth.PasswordHashing;
import picocli.CommandLine.Command;

@Command(name = "hash-password", description = {
        "Read a password from standard input and print its bcrypt hash for a user's password-hash.",
        "Example: java -jar vigil-gateway.jar hash-password < password.txt"})
final class HashPasswordCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        char[] password = read();
        try {
            System.out.println(PasswordHashing.hash(password));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] read() throws Exception {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            return typed == null ? new char[0] : typed;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
