package org.vigil.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigil.bench.load.Figures;

class JmhFiguresTest {

    @Test
    void jmhRowsBecomeFiguresNamedAfterWhatTheyCount() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Figures figures = new Figures(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        JmhFigures.add(figures, "\"org.vigil.bench.micro.DecoderBenchmark.decodeFrame\",\"thrpt\",1,3,265098.49,1601507.0,\"ops/s\",,ble-plx");
        JmhFigures.add(figures, "\"org.vigil.bench.micro.SseFanoutBenchmark.publishReading\",\"thrpt\",1,3,835105.07,1672068.5,\"ops/s\",10,");
        JmhFigures.add(figures, "\"org.vigil.bench.micro.AlarmEvaluationBenchmark.evaluateReading\",\"thrpt\",1,3,4142865.66,851367.5,\"ops/s\",,");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "decode_ble_plx=265098.5 frames/s",
                "sse_fanout_10_clients=835105.1 events/s",
                "alarm_evaluation=4142865.7 readings/s");
    }
}
