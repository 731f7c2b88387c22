package io.pipewright.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Where a {@link Gen} takes its decisions from: each decision is a number below a bound,
 * 0 being the simplest. Recorded as drawn, so a failing input can be replayed, and shrunk
 * by replaying smaller decisions (past the end of a replayed record every decision is 0).
 */
final class Choices {

	private final int[] replay;

	private final Random random;

	private final long edgeCase;

	private long radix = 1;

	private final List<Integer> drawn = new ArrayList<>();

	private Choices(int[] replay, Random random, long edgeCase) {
		this.replay = replay;
		this.random = random;
		this.edgeCase = edgeCase;
	}

	/** Random decisions, leaning to the simplest and the last of each range. */
	static Choices random(Random random) {
		return new Choices(new int[0], random, -1);
	}

	/**
	 * The n-th combination of the first decisions (the first varying fastest), every
	 * later decision its simplest: run for n = 0, 1, 2, ... it walks every endpoint with
	 * every kind of breakage before anything random.
	 */
	static Choices edgeCase(long n) {
		return new Choices(new int[0], null, n);
	}

	/** These decisions again, then the simplest ones. */
	static Choices replay(int[] decisions) {
		return new Choices(decisions.clone(), null, -1);
	}

	/** A decision in [0, bound). */
	int draw(int bound) {
		if (bound <= 0) {
			throw new IllegalArgumentException("nothing to choose from");
		}
		int at = drawn.size();
		int choice;
		if (at < replay.length) {
			choice = Math.min(replay[at], bound - 1);
		}
		else if (edgeCase >= 0) {
			choice = (int) ((edgeCase / radix) % bound);
			radix = Math.min(radix * bound, Long.MAX_VALUE / 1_000_000);
		}
		else if (random != null) {
			int lean = random.nextInt(20);
			choice = lean == 0 ? 0 : lean == 1 ? bound - 1 : random.nextInt(bound);
		}
		else {
			choice = 0;
		}
		drawn.add(choice);
		return choice;
	}

	int[] drawn() {
		return drawn.stream().mapToInt(Integer::intValue).toArray();
	}

}
