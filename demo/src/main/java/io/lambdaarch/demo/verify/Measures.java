package io.lambdaarch.demo.verify;

/** The four measures of the view for one group (or a total). */
public record Measures(long tweetCount, long followersSum, long favoritesSum, long retweetsSum) {
    public static final Measures ZERO = new Measures(0, 0, 0, 0);

    public Measures plus(Measures other) {
        return new Measures(Math.addExact(tweetCount, other.tweetCount), Math.addExact(followersSum, other.followersSum),
                Math.addExact(favoritesSum, other.favoritesSum), Math.addExact(retweetsSum, other.retweetsSum));
    }
}
