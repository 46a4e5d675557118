package org.vigil.gateway.faults;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Programs the fault tests start. On a developer machine a missing program skips the test; in CI
 * ({@code CI=true}) it fails it, so that a build image without them is noticed.
 */
final class RequiredTools {

    private RequiredTools() {
    }

    static void require(Path executable, String debianPackage) {
        if (Files.isExecutable(executable)) return;
        String problem = executable + " is missing (Debian package " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(problem + "; CI must provide it");
        assumeTrue(false, problem + "; skipping outside CI");
    }
}
