package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2, the identity sequences of the two tables written for every reading or Observation
 * ({@code samples}, {@code export_outbox}) hand out numbers from a cache of 10,000 instead of 32:
 * H2 writes its store each time a sequence's cache runs out, which was a quarter of the recorder's
 * time in a flight recording of the saturation benchmark. H2's sequences are shared by all
 * sessions of the embedded database, so the outbox keeps its order; a restart may skip numbers.
 * PostgreSQL is left as it is: there a sequence cache is per session, which would let export rows
 * of two connections take numbers out of order.
 */
public class V9__Identity_cache_on_h2 extends BaseJavaMigration {

    private static final int CACHE = 10_000;

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        if (!product.equalsIgnoreCase("H2")) return;
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("ALTER TABLE samples ALTER COLUMN id SET CACHE " + CACHE);
            statement.execute("ALTER TABLE export_outbox ALTER COLUMN seq SET CACHE " + CACHE);
        }
    }
}
