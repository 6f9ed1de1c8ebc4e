package dev.jube.scheduler.framework;

/** Ranks feasible nodes; scores are normalized to 0..{@link #MAX_SCORE} and multiplied by the plugin's weight. */
public interface ScorePlugin extends Plugin {

    long MAX_SCORE = 100;

    /** Called concurrently for different nodes. */
    long score(CycleState state, PodInfo pod, NodeInfo node);

    /** Rescales the raw scores in place (node names line up with {@code scores}); by default they are kept. */
    default Status normalize(CycleState state, PodInfo pod, String[] nodeNames, long[] scores) {
        return Status.SUCCESS;
    }

    /** Scales scores to 0..MAX_SCORE by the highest one, optionally reversed (upstream's DefaultNormalizeScore). */
    static void defaultNormalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        if (max == 0) {
            if (reverse) {
                java.util.Arrays.fill(scores, MAX_SCORE);
            }
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long s = MAX_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_SCORE - s : s;
        }
    }
}
