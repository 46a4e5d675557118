package org.vigil.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Topic filters as MQTT 3.1.1 section 4.7 defines them, and the containment the broker's permissions rest on. */
class TopicFiltersTest {

    @ParameterizedTest(name = "{0} is valid: {1}")
    @CsvSource({
            "vigil/devices/bed-3/oximeter, true",
            "ble/bed-4/oximeter/+, true",
            "vigil/alarms/#, true",
            "#, true",
            "+/+, true",
            "a/#/b, false",
            "a/b#, false",
            "a/+b, false",
            "'', false"})
    void aFilterUsesWildcardsOnlyAsWholeLevelsAndHashOnlyLast(String filter, boolean valid) {
        assertThat(TopicFilters.isValid(filter)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "vigil/alarms/#, vigil/alarms/bed-3, true",
            "vigil/alarms/#, vigil/alarms, true",
            "vigil/alarms/#, vigil/alarms/+/escalations, true",
            "vigil/alarms/#, vigil/alarms/#, true",
            "vigil/alarms/#, vigil/#, false",
            "vigil/alarms/#, #, false",
            "vigil/alarms/#, vigil/+/bed-3, false",
            "ble/bed-4/oximeter/+, ble/bed-4/oximeter/2a5f, true",
            "ble/bed-4/oximeter/+, ble/bed-4/oximeter/+, true",
            "ble/bed-4/oximeter/+, ble/bed-4/oximeter/2a5f/x, false",
            "ble/bed-4/oximeter/+, ble/bed-4/oximeter, false",
            "ble/bed-4/oximeter/+, ble/bed-4/oximeter/#, false",
            "vigil/devices/bed-3/oximeter, vigil/devices/bed-3/oximeter, true",
            "vigil/devices/bed-3/oximeter, vigil/devices/bed-4/oximeter, false"})
    void aFilterCoversAnotherWhenEveryTopicOfTheOtherMatchesIt(String allowed, String requested, boolean covered) {
        assertThat(TopicFilters.covers(allowed, requested)).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0} reaches the gateway's topics: {1}")
    @CsvSource({
            "vigil/alarms/bed-2, true",
            "vigil/alarms, true",
            "vigil/gateway/status, true",
            "vigil/+/status, true",
            "+/alarms/bed-2, true",
            "#, true",
            "vigil/#, true",
            "vigil/devices/bed-3/oximeter, false",
            "vigil/devices/#, false",
            "ble/bed-4/oximeter/+, false",
            "vigil, false"})
    void onlyFiltersThatCanMatchAGatewayTopicReachIt(String filter, boolean reaches) {
        assertThat(TopicFilters.reachesGatewayTopics(filter)).isEqualTo(reaches);
    }
}
