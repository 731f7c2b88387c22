package io.pipewright.api;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Checks a property against generated inputs, property-based testing in the manner of
 * QuickCheck and Hypothesis: first the edge cases (every combination of the first
 * decisions, each with its simplest value), then random inputs from a seed. A failing
 * input is shrunk by replaying smaller decisions until no smaller one fails, and reported
 * with the seed and the decisions that reproduce it.
 *
 * <p>
 * {@code -Dpipewright.fuzz.seed=...} repeats a run, {@code -Dpipewright.fuzz.tries=...}
 * changes its length, {@code -Dpipewright.fuzz.replay=3,0,12,...} runs one input alone.
 */
final class PropertyCheck<T> {

	private static final int SHRINK_BUDGET = 300;

	private final Gen<T> gen;

	private int tries = 1000;

	private int edgeCases = 250;

	private PropertyCheck(Gen<T> gen) {
		this.gen = gen;
	}

	static <T> PropertyCheck<T> forAll(Gen<T> gen) {
		return new PropertyCheck<>(gen);
	}

	/** How many inputs, unless {@code -Dpipewright.fuzz.tries} says otherwise. */
	PropertyCheck<T> tries(int tries) {
		this.tries = Integer.getInteger("pipewright.fuzz.tries", tries);
		return this;
	}

	/** How many of the tries go to edge cases, first. */
	PropertyCheck<T> edgeCases(int edgeCases) {
		this.edgeCases = edgeCases;
		return this;
	}

	/**
	 * Runs the property (which fails by throwing) on every input; throws an
	 * {@link AssertionError} naming the smallest failing input found.
	 * @return how many inputs were tried
	 */
	int check(Consumer<T> property) {
		String replay = System.getProperty("pipewright.fuzz.replay");
		if (replay != null && !replay.isBlank()) {
			int[] decisions = Arrays.stream(replay.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
			Failure<T> failure = attempt(property, Choices.replay(decisions));
			if (failure != null) {
				throw report("Replayed input fails", failure, failure);
			}
			return 1;
		}
		long seed = Long.getLong("pipewright.fuzz.seed", new SecureRandom().nextLong());
		Random random = new Random(seed);
		for (int i = 0; i < tries; i++) {
			Failure<T> failure = attempt(property, i < edgeCases ? Choices.edgeCase(i) : Choices.random(random));
			if (failure != null) {
				Failure<T> smallest = shrink(property, failure);
				throw report("Falsified at try " + (i + 1) + " of " + tries + " (seed " + seed
						+ "; -Dpipewright.fuzz.seed=" + seed + " runs the same inputs again)", failure, smallest);
			}
		}
		return tries;
	}

	private record Failure<T>(T input, int[] decisions, Throwable error) {
	}

	private Failure<T> attempt(Consumer<T> property, Choices choices) {
		T input = gen.next(choices);
		try {
			property.accept(input);
			return null;
		}
		catch (AssertionError | RuntimeException ex) {
			return new Failure<>(input, choices.drawn(), ex);
		}
	}

	/** Replays smaller decisions, keeping each that still fails, until none does. */
	private Failure<T> shrink(Consumer<T> property, Failure<T> failure) {
		Failure<T> best = failure;
		int budget = SHRINK_BUDGET;
		boolean smaller = true;
		while (smaller && budget > 0) {
			smaller = false;
			for (int[] candidate : (Iterable<int[]>) candidates(best.decisions())::iterator) {
				if (budget-- <= 0) {
					break;
				}
				Choices choices = Choices.replay(candidate);
				Failure<T> shrunk;
				try {
					shrunk = attempt(property, choices);
				}
				catch (RuntimeException ex) {
					// the smaller decisions make no input at all (a filter gave up)
					continue;
				}
				if (shrunk != null && shortlex(shrunk.decisions(), best.decisions()) < 0) {
					best = shrunk;
					smaller = true;
					break;
				}
			}
		}
		return best;
	}

	/** Fewer decisions first (chunks cut out), then each decision made simpler. */
	private static Stream<int[]> candidates(int[] decisions) {
		Stream<int[]> cuts = Stream.of(8, 4, 2, 1)
			.flatMap(size -> IntStream.iterate(decisions.length - size, at -> at >= 0, at -> at - 1).mapToObj(at -> {
				int[] cut = new int[decisions.length - size];
				System.arraycopy(decisions, 0, cut, 0, at);
				System.arraycopy(decisions, at + size, cut, at, decisions.length - at - size);
				return cut;
			}));
		Stream<int[]> simpler = IntStream.range(0, decisions.length)
			.filter(at -> decisions[at] > 0)
			.boxed()
			.flatMap(at -> Stream.of(0, decisions[at] / 2, decisions[at] - 1).distinct().map(value -> {
				int[] changed = decisions.clone();
				changed[at] = value;
				return changed;
			}));
		return Stream.concat(cuts, simpler);
	}

	private static int shortlex(int[] a, int[] b) {
		return a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compare(a, b);
	}

	private AssertionError report(String what, Failure<T> first, Failure<T> smallest) {
		String decisions = Arrays.stream(smallest.decisions())
			.mapToObj(String::valueOf)
			.collect(Collectors.joining(","));
		return new AssertionError(what + "\nsmallest failing input: " + smallest.input() + "\n  failed with: "
				+ smallest.error().getMessage() + "\n  alone: -Dpipewright.fuzz.replay=" + decisions
				+ "\nfirst failing input: " + first.input(), smallest.error());
	}

}
