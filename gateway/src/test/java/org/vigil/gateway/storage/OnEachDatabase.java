package org.vigil.gateway.storage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A storage test that runs on H2 and, when {@code VIGIL_TEST_POSTGRES_URL} is set, on PostgreSQL.
 * In CI ({@code CI=true}) a missing URL fails the PostgreSQL run instead of leaving it out. The test
 * takes a {@link Database}, a {@link TestDatabase}, or both (the same database).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(EachDatabaseExtension.class)
public @interface OnEachDatabase {
}
