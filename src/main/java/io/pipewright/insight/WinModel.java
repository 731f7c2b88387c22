package io.pipewright.insight;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Win rates counted over closed leads' milestones: the stages they entered ({@code s:}
 * and the stage id) and the facts they reported true ({@code f:} and the fact's name),
 * each once, in the order they happened. Counts are kept for every prefix of a path, for
 * the set of milestones in each prefix, per stage reached and for the whole pipeline, so
 * a lead is compared with the closed leads that were at the same point. Safe to learn
 * from while it answers: a kept model learns each lead as it closes.
 */
final class WinModel {

	static final String STAGE = "s:";

	static final String FACT = "f:";

	/** How alike the compared closed leads are, most alike first. */
	enum Level {

		PATH, MILESTONES, STAGE, PIPELINE;

		String json() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** A closed lead's milestones, oldest first, and whether it was won. */
	record Path(List<String> milestones, boolean won) {
	}

	/**
	 * @param value the smoothed win probability
	 * @param leads the closed leads compared with at {@code level}
	 * @param won how many of them were won
	 */
	record Estimate(double value, Level level, long leads, long won) {
	}

	private static final class Count {

		long leads;

		long won;

		void add(boolean won) {
			leads++;
			if (won) {
				this.won++;
			}
		}

	}

	private final double prior;

	private final long minLeads;

	private final Count pipeline = new Count();

	private final Map<String, Count> stages = new HashMap<>();

	private final Map<String, Count> sets = new HashMap<>();

	private final Map<String, Count> paths = new HashMap<>();

	/**
	 * @param prior how many closed leads' worth of weight a level's estimate gives the
	 * next, broader level: a small count is shrunk toward it
	 * @param minLeads below this many closed leads a level is passed over for the next
	 */
	WinModel(double prior, long minLeads) {
		this.prior = prior;
		this.minLeads = minLeads;
	}

	synchronized void learn(Path path) {
		pipeline.add(path.won());
		StringBuilder prefix = new StringBuilder();
		TreeSet<String> set = new TreeSet<>();
		for (String milestone : path.milestones()) {
			prefix.append(milestone).append('\n');
			set.add(milestone);
			paths.computeIfAbsent(prefix.toString(), key -> new Count()).add(path.won());
			sets.computeIfAbsent(String.join("\n", set), key -> new Count()).add(path.won());
			if (milestone.startsWith(STAGE)) {
				stages.computeIfAbsent(milestone, key -> new Count()).add(path.won());
			}
		}
	}

	/**
	 * Per stage id, the closed leads that entered it and how many of those were won:
	 * {decided, won}.
	 */
	synchronized Map<String, long[]> stages() {
		Map<String, long[]> counts = new HashMap<>();
		stages.forEach((milestone, count) -> counts.put(milestone.substring(STAGE.length()),
				new long[] { count.leads, count.won }));
		return counts;
	}

	synchronized long closedLeads() {
		return pipeline.leads;
	}

	/**
	 * The chance that a lead with these milestones (oldest first, each once) in this
	 * stage is won: the most alike level with enough closed leads, its rate shrunk toward
	 * the broader levels'. Levels with fewer than {@code minLeads} closed leads are
	 * passed over.
	 */
	synchronized Estimate estimate(List<String> milestones, String stageId) {
		Count none = new Count();
		String joined = String.join("\n", milestones);
		Count path = milestones.isEmpty() ? none : paths.getOrDefault(joined + "\n", none);
		Count set = milestones.isEmpty() ? none : sets.getOrDefault(String.join("\n", new TreeSet<>(milestones)), none);
		Count stage = stageId == null ? none : stages.getOrDefault(STAGE + stageId, none);
		// the broadest level is shrunk toward an even chance
		Estimate estimate = new Estimate(shrink(pipeline, 0.5), Level.PIPELINE, pipeline.leads, pipeline.won);
		estimate = narrower(estimate, Level.STAGE, stage);
		estimate = narrower(estimate, Level.MILESTONES, set);
		return narrower(estimate, Level.PATH, path);
	}

	private Estimate narrower(Estimate broader, Level level, Count count) {
		return count.leads < minLeads ? broader
				: new Estimate(shrink(count, broader.value()), level, count.leads, count.won);
	}

	private double shrink(Count count, double toward) {
		return (count.won + prior * toward) / (count.leads + prior);
	}

}
