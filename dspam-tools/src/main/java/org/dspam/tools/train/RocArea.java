package org.dspam.tools.train;

import java.util.ArrayList;
import java.util.List;

/**
 * 1 - area under the ROC curve, in percent: the chance that a ham scores at least as spammy as a
 * spam (ties count half). A message's score is DSPAM's probability, ties broken by Robinson's
 * score recovered from the confidence.
 */
public final class RocArea {
    private record Score(double probability, double robinson, boolean spam) {
    }

    private final List<Score> scores = new ArrayList<>();

    public void add(boolean spam, double probability, double robinson) {
        scores.add(new Score(probability, robinson, spam));
    }

    public double oneMinusAreaPercent() {
        List<Score> sorted = new ArrayList<>(scores);
        sorted.sort((a, b) -> a.probability != b.probability ? Double.compare(a.probability, b.probability)
                : Double.compare(a.robinson, b.robinson));
        long spamCount = sorted.stream().filter(Score::spam).count();
        long hamCount = sorted.size() - spamCount;
        if (spamCount == 0 || hamCount == 0) {
            return 0;
        }
        // Sum over spam of (ham below) + 0.5 * (ham tied), walking groups of equal scores.
        double wins = 0;
        long hamBelow = 0;
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            long groupSpam = 0;
            long groupHam = 0;
            while (j < sorted.size() && sorted.get(j).probability == sorted.get(i).probability
                    && sorted.get(j).robinson == sorted.get(i).robinson) {
                if (sorted.get(j).spam) {
                    groupSpam++;
                } else {
                    groupHam++;
                }
                j++;
            }
            wins += groupSpam * (hamBelow + groupHam * 0.5);
            hamBelow += groupHam;
            i = j;
        }
        double area = wins / ((double) spamCount * hamCount);
        return (1 - area) * 100;
    }
}
