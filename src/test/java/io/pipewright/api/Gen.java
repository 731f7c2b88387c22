package io.pipewright.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Generates a value from {@link Choices}, and nothing else, so that replaying the same
 * choices gives the same value and smaller choices a simpler one. Alternatives come
 * simplest first: choice 0 is what a shrunk failure falls back to.
 */
@FunctionalInterface
interface Gen<T> {

	T next(Choices choices);

	default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
		return choices -> mapper.apply(next(choices));
	}

	default <R> Gen<R> flatMap(Function<? super T, Gen<? extends R>> mapper) {
		return choices -> mapper.apply(next(choices)).next(choices);
	}

	/**
	 * Only values that pass; gives up (an error in the test) after 1000 in a row fail.
	 */
	default Gen<T> filter(Predicate<? super T> keep) {
		return choices -> {
			for (int attempt = 0; attempt < 1000; attempt++) {
				T value = next(choices);
				if (keep.test(value)) {
					return value;
				}
			}
			throw new IllegalStateException("a filter refused 1000 values in a row");
		};
	}

	default <U, R> Gen<R> with(Gen<U> other, BiFunction<? super T, ? super U, ? extends R> combine) {
		return choices -> combine.apply(next(choices), other.next(choices));
	}

	/** This value, or {@code null} (simplest) about one time in {@code 1 / share}. */
	default Gen<T> orNull(double share) {
		Gen<T> self = this;
		return choices -> choices.draw(1000) < share * 1000 ? null : self.next(choices);
	}

	static <T> Gen<T> just(T value) {
		return choices -> value;
	}

	@SafeVarargs
	static <T> Gen<T> of(T... values) {
		return of(Arrays.asList(values));
	}

	static <T> Gen<T> of(List<T> values) {
		List<T> copy = new ArrayList<>(values);
		return choices -> copy.get(choices.draw(copy.size()));
	}

	@SafeVarargs
	static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
		return oneOf(Arrays.asList(gens));
	}

	static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
		List<Gen<? extends T>> copy = new ArrayList<>(gens);
		return choices -> copy.get(choices.draw(copy.size())).next(choices);
	}

	/** One of these, chosen in proportion to its weight. */
	static <T> Gen<T> frequency(Object... weightsAndGens) {
		List<Integer> weights = new ArrayList<>();
		List<Gen<? extends T>> gens = new ArrayList<>();
		int total = 0;
		for (int i = 0; i < weightsAndGens.length; i += 2) {
			int weight = (Integer) weightsAndGens[i];
			@SuppressWarnings("unchecked")
			Gen<? extends T> gen = (Gen<? extends T>) weightsAndGens[i + 1];
			weights.add(weight);
			gens.add(gen);
			total += weight;
		}
		int sum = total;
		return choices -> {
			int pick = choices.draw(sum);
			for (int i = 0;; i++) {
				pick -= weights.get(i);
				if (pick < 0) {
					return gens.get(i).next(choices);
				}
			}
		};
	}

	/** An int in [min, max], min being the simplest. */
	static Gen<Integer> ints(int min, int max) {
		long span = (long) max - min + 1;
		if (span <= Integer.MAX_VALUE) {
			return choices -> (int) (min + choices.draw((int) span));
		}
		return longs().map(l -> (int) (min + Math.floorMod(l, span)));
	}

	/** Any long, 0 the simplest. */
	static Gen<Long> longs() {
		return choices -> {
			long high = choices.draw(Integer.MAX_VALUE);
			long low = choices.draw(Integer.MAX_VALUE);
			boolean negative = choices.draw(2) == 1;
			long value = (high << 31) | low;
			return negative ? -value : value;
		};
	}

	/** Text of these characters, of a length in [min, max]. */
	static Gen<String> strings(Gen<Character> characters, int min, int max) {
		return choices -> {
			int length = min + choices.draw(max - min + 1);
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append(characters.next(choices).charValue());
			}
			return text.toString();
		};
	}

	/** A character in [from, to]. */
	static Gen<Character> chars(char from, char to) {
		return choices -> (char) (from + choices.draw(to - from + 1));
	}

	/** Several values of one generator. */
	static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
		return choices -> {
			int size = min + choices.draw(max - min + 1);
			List<T> list = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				list.add(element.next(choices));
			}
			return list;
		};
	}

}
