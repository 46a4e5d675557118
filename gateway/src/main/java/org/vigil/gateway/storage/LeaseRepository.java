package org.vigil.gateway.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The lease of an active/standby pair (table {@code gateway_lease}, PostgreSQL only). Every time is
 * the database's own ({@code now()}), so the two gateways' clocks never have to agree; {@code now()}
 * is the transaction's start, which makes a renewal's expiry no later than the lease after the
 * moment the holder asked for it.
 */
public final class LeaseRepository {

    static final String NAME = "gateway";
    /** The predicate a holder's write adds to its {@code WHERE}: the lease still has the holder's epoch. */
    static final String STILL_HELD = "EXISTS (SELECT 1 FROM gateway_lease WHERE name = '" + NAME + "' AND epoch = ?)";

    private final Database database;

    public LeaseRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public Lease read() {
        return database.inTransaction("read the gateway lease", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT holder, holder_url, epoch, taken_at, renewed_at, expires_at FROM gateway_lease WHERE name = ?")) {
                query.setString(1, NAME);
                return Sql.first(query, LeaseRepository::lease)
                        .orElseThrow(() -> new SQLException("no row '" + NAME + "' in gateway_lease (migration V8)"));
            }
        });
    }

    /** Takes the lease for {@code holder} if it has expired; the row is locked while it is looked at. */
    public Optional<Takeover> takeIfExpired(String holder, String holderUrl, Duration lease) {
        return database.inTransaction("take the gateway lease", connection -> {
            Lease previous;
            boolean expired;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT holder, holder_url, epoch, taken_at, renewed_at, expires_at, expires_at < now()"
                            + " FROM gateway_lease WHERE name = ? FOR UPDATE")) {
                query.setString(1, NAME);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) throw new SQLException("no row '" + NAME + "' in gateway_lease (migration V8)");
                    previous = lease(row);
                    expired = row.getBoolean(7);
                }
            }
            if (!expired) return Optional.empty();
            try (PreparedStatement take = connection.prepareStatement(
                    "UPDATE gateway_lease SET holder = ?, holder_url = ?, epoch = epoch + 1, taken_at = now(), renewed_at = now(),"
                            + " expires_at = now() + ? * INTERVAL '1 millisecond' WHERE name = ? RETURNING epoch, taken_at")) {
                take.setString(1, holder);
                take.setString(2, holderUrl);
                take.setLong(3, lease.toMillis());
                take.setString(4, NAME);
                try (ResultSet row = take.executeQuery()) {
                    if (!row.next()) throw new SQLException("the gateway lease row vanished");
                    return Optional.of(new Takeover(row.getLong(1), previous, Sql.instant(row, 2)));
                }
            }
        });
    }

    /** Extends the lease of {@code holder} at {@code epoch}; {@code false} when another gateway has taken it since. */
    public boolean renew(String holder, long epoch, Duration lease) {
        return database.inTransaction("renew the gateway lease", connection -> {
            try (PreparedStatement renew = connection.prepareStatement(
                    "UPDATE gateway_lease SET renewed_at = now(), expires_at = now() + ? * INTERVAL '1 millisecond'"
                            + " WHERE name = ? AND holder = ? AND epoch = ?")) {
                renew.setQueryTimeout(Math.max(1, (int) lease.toSeconds()));
                renew.setLong(1, lease.toMillis());
                renew.setString(2, NAME);
                renew.setString(3, holder);
                renew.setLong(4, epoch);
                return renew.executeUpdate() == 1;
            }
        });
    }

    /** Ends the lease of {@code holder} at once (a clean stop), so that the standby need not wait for it to expire. */
    public void release(String holder, long epoch) {
        database.inTransaction("release the gateway lease", connection -> {
            try (PreparedStatement release = connection.prepareStatement(
                    "UPDATE gateway_lease SET expires_at = now() WHERE name = ? AND holder = ? AND epoch = ?")) {
                release.setString(1, NAME);
                release.setString(2, holder);
                release.setLong(3, epoch);
                release.executeUpdate();
            }
            return null;
        });
    }

    private static Lease lease(ResultSet row) throws SQLException {
        return new Lease(row.getString(1), row.getString(2), row.getLong(3), Sql.instant(row, 4), Sql.instant(row, 5),
                Sql.instant(row, 6));
    }
}
