package org.vigil.gateway.storage;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Runs an {@link OnEachDatabase} test once per database: H2, and PostgreSQL when configured or in CI. */
final class EachDatabaseExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Stream<TestTemplateInvocationContext> h2 = Stream.of(on("H2", TestDatabase::h2));
        if (TestDatabase.isPostgres()) return Stream.concat(h2, Stream.of(on("PostgreSQL", TestDatabase::postgres)));
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return Stream.concat(h2, Stream.of(on("PostgreSQL", () -> {
                throw new IllegalStateException(TestDatabase.POSTGRES_URL + " is not set; CI must run the storage tests on PostgreSQL");
            })));
        }
        return h2;
    }

    private static TestTemplateInvocationContext on(String name, Supplier<TestDatabase> database) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Resolver(database));
            }
        };
    }

    /** Makes the invocation's database on first use and closes it after the test. */
    private static final class Resolver implements ParameterResolver, AfterEachCallback {

        private final Supplier<TestDatabase> factory;
        private TestDatabase database;

        Resolver(Supplier<TestDatabase> factory) {
            this.factory = factory;
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == TestDatabase.class || type == Database.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            try {
                if (database == null) database = factory.get();
            } catch (RuntimeException e) {
                throw new ParameterResolutionException(e.getMessage(), e);
            }
            return parameter.getParameter().getType() == Database.class ? database.open() : database;
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            if (database != null) database.close();
        }
    }
}
