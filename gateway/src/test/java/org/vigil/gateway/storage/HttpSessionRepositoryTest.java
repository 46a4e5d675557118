package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

class HttpSessionRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    @OnEachDatabase
    void a_saved_session_is_read_back_touched_and_deleted(Database database) {
        HttpSessionRepository sessions = new HttpSessionRepository(database);
        sessions.save(new StoredSession(HASH_A, "nurse", T0, T0));
        sessions.save(new StoredSession(HASH_B, "admin", T0.plusSeconds(10), T0.plusSeconds(10)));

        sessions.touch(HASH_A, T0.plusSeconds(300));

        assertThat(sessions.all()).containsExactly(new StoredSession(HASH_A, "nurse", T0, T0.plusSeconds(300)),
                new StoredSession(HASH_B, "admin", T0.plusSeconds(10), T0.plusSeconds(10)));
        sessions.delete(HASH_A);
        assertThat(sessions.all()).extracting(StoredSession::tokenHash).containsExactly(HASH_B);
    }

    @OnEachDatabase
    void a_second_session_under_the_same_hash_is_refused(Database database) {
        HttpSessionRepository sessions = new HttpSessionRepository(database);
        sessions.save(new StoredSession(HASH_A, "nurse", T0, T0));

        assertThatThrownBy(() -> sessions.save(new StoredSession(HASH_A, "admin", T0, T0))).isInstanceOf(StorageException.class);
        assertThat(sessions.all()).extracting(StoredSession::user).containsExactly("nurse");
    }
}
