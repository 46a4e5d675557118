package org.vigil.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.http.Caller;

class SessionStoreTest {

    private final MovableClock clock = new MovableClock();
    private final SessionStore sessions = new SessionStore(clock);
    private final User nurse = new User("nurse", Caller.Role.NURSE, "$2a$04$unused");

    @Test
    void sessionIdsAndTokensAreRandomAndDistinct() {
        Session first = sessions.start(nurse);
        Session second = sessions.start(nurse);
        assertThat(first.id()).hasSize(43).isNotEqualTo(second.id()).isNotEqualTo(first.csrfToken());
        assertThat(sessions.find(first.id())).isPresent();
        assertThat(sessions.find("guessed")).isEmpty();
    }

    @Test
    void anUnusedSessionEndsAfterTheIdleTimeoutAndAUsedOneAfterItsMaximumAge() {
        Session idle = sessions.start(nurse);
        Session busy = sessions.start(nurse);
        for (int hour = 0; hour < 23; hour++) {
            clock.advance(Duration.ofHours(1));
            assertThat(sessions.find(busy.id())).isPresent();
        }
        assertThat(sessions.find(idle.id())).isEmpty();
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(sessions.find(busy.id())).isEmpty();
    }

    @Test
    void anEndedSessionIsGone() {
        Session session = sessions.start(nurse);
        sessions.end(session.id());
        assertThat(sessions.find(session.id())).isEmpty();
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
