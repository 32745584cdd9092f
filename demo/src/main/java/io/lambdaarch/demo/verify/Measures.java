package io.lambdaarch.demo.verify;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/** The four measures of the view for one group (or a total), exact: a sum of valid counts passes 2^63. */
public record Measures(BigInteger tweetCount, BigInteger followersSum, BigInteger favoritesSum, BigInteger retweetsSum) {
    public static final Measures ZERO = of(0, 0, 0, 0);

    public Measures {
        requireNonNull(tweetCount, "tweetCount is null");
        requireNonNull(followersSum, "followersSum is null");
        requireNonNull(favoritesSum, "favoritesSum is null");
        requireNonNull(retweetsSum, "retweetsSum is null");
    }

    public static Measures of(long tweetCount, long followersSum, long favoritesSum, long retweetsSum) {
        return new Measures(BigInteger.valueOf(tweetCount), BigInteger.valueOf(followersSum), BigInteger.valueOf(favoritesSum),
                BigInteger.valueOf(retweetsSum));
    }

    public Measures plus(Measures other) {
        return new Measures(tweetCount.add(other.tweetCount), followersSum.add(other.followersSum),
                favoritesSum.add(other.favoritesSum), retweetsSum.add(other.retweetsSum));
    }
}
