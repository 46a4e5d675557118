package org.vigil.gateway.alarms;

import java.util.List;
import java.util.Map;
import org.vigil.alerting.news2.News2Parameter;
import org.vigil.alerting.news2.News2Score;

/**
 * The live NEWS2 score of a bed (RCP 2017, SpO2 scale 1). {@code total} is present only when the
 * score is complete: a missing parameter is never counted as 0.
 */
public record News2View(Integer total, boolean complete, boolean urgent, boolean emergency,
                        Map<News2Parameter, Integer> scores, List<News2Parameter> missing) {

    static News2View of(News2Score score) {
        boolean complete = score.complete();
        return new News2View(complete ? score.total() : null, complete, complete && score.urgent(),
                complete && score.emergency(), score.scores(), List.copyOf(score.missing()));
    }
}
