package org.vigil.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.http.Caller;

class SessionStoreTest {

    private final MovableClock clock = new MovableClock();
    private final User nurse = new User("nurse", Caller.Role.NURSE, "$2a$04$unused");
    private final SessionStore sessions = new SessionStore(Map.of("nurse", nurse), clock);

    @Test
    void tokensAreRandomAndDistinctAndTheSessionIsNamedByTheirHashOnly() {
        SessionStore.Opened first = sessions.start(nurse);
        SessionStore.Opened second = sessions.start(nurse);
        assertThat(first.token()).hasSize(43).isNotEqualTo(second.token()).isNotEqualTo(first.session().csrfToken());
        assertThat(first.session().id()).hasSize(64).isEqualTo(SessionStore.hash(first.token())).doesNotContain(first.token());
        assertThat(sessions.find(first.token())).isPresent();
        assertThat(sessions.find(first.session().id())).as("the hash does not open the session").isEmpty();
        assertThat(sessions.find("guessed")).isEmpty();
    }

    @Test
    void anUnusedSessionEndsAfterTheIdleTimeoutAndAUsedOneAfterItsMaximumAge() {
        SessionStore.Opened idle = sessions.start(nurse);
        SessionStore.Opened busy = sessions.start(nurse);
        for (int hour = 0; hour < 23; hour++) {
            clock.advance(Duration.ofHours(1));
            assertThat(sessions.find(busy.token())).isPresent();
        }
        assertThat(sessions.find(idle.token())).isEmpty();
        assertThat(sessions.live(idle.session().id())).isFalse();
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(sessions.live(busy.session().id())).isFalse();
        assertThat(sessions.find(busy.token())).isEmpty();
    }

    @Test
    void anEndedSessionIsGone() {
        SessionStore.Opened opened = sessions.start(nurse);
        sessions.end(opened.session().id());
        assertThat(sessions.find(opened.token())).isEmpty();
        assertThat(sessions.live(opened.session().id())).isFalse();
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-29T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
