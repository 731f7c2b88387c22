package io.pipewright.routing;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Picks the team member most likely to close a lead without flooding anyone. Each
 * member's win rate on similar closed leads is shrunk toward the team's rate by
 * {@code priorStrength} closed leads, so a thin record counts for little and a new rep
 * starts at the team's rate. The lead goes to the highest win rate per open lead held
 * (rate / (open + 1), the D'Hondt quotient): over time each member holds open leads in
 * proportion to their win rate, so the best closers carry the most and no one carries
 * all.
 */
final class TeamPick {

	private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score)
		.reversed()
		.thenComparingInt(Candidate::open)
		.thenComparing(Candidate::user);

	private TeamPick() {
	}

	/** The members, best first. */
	static List<Candidate> rank(Collection<String> members, Map<String, TrackRecord> records, double priorStrength) {
		int teamWon = 0;
		int teamClosed = 0;
		for (String member : members) {
			TrackRecord record = records.getOrDefault(member, TrackRecord.NONE);
			teamWon += record.won();
			teamClosed += record.closed();
		}
		double teamRate = teamRate(teamWon, teamClosed);
		return members.stream().map(member -> {
			TrackRecord record = records.getOrDefault(member, TrackRecord.NONE);
			double rate = (record.won() + priorStrength * teamRate) / (record.closed() + priorStrength);
			if (record.closed() + priorStrength == 0) {
				rate = teamRate;
			}
			return new Candidate(member, record.won(), record.closed(), rate, record.open(),
					rate / (record.open() + 1));
		}).sorted(BEST_FIRST).toList();
	}

	/** The team's rate on similar leads; an even chance when it has none yet. */
	static double teamRate(int won, int closed) {
		return closed == 0 ? 0.5 : (double) won / closed;
	}

}
