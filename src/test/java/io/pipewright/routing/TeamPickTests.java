package io.pipewright.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TeamPickTests {

	@Test
	void theBestCloserGetsTheLeadWhenLoadsAreEqual() {
		List<Candidate> ranked = TeamPick.rank(List.of("lars", "sofia"),
				Map.of("lars", new TrackRecord(5, 20, 3), "sofia", new TrackRecord(12, 20, 3)), 5);

		assertThat(ranked).extracting(Candidate::user).containsExactly("sofia", "lars");
		// shrunk toward the team's 17 of 40: (12 + 5 x 0.425) / 25
		assertThat(ranked.get(0).winRate()).isCloseTo(0.565, within(0.001));
	}

	@Test
	void openLeadsAreSharedInProportionToWinRatesSoNoOneIsFlooded() {
		Map<String, TrackRecord> records = new HashMap<>(
				Map.of("lars", new TrackRecord(10, 40, 0), "sofia", new TrackRecord(30, 40, 0)));
		Map<String, Integer> assigned = new HashMap<>();
		for (int lead = 0; lead < 100; lead++) {
			String pick = TeamPick.rank(records.keySet(), records, 5).get(0).user();
			assigned.merge(pick, 1, Integer::sum);
			TrackRecord r = records.get(pick);
			records.put(pick, new TrackRecord(r.won(), r.closed(), r.open() + 1));
		}

		// shrunk rates 0.27 and 0.72: the better closer holds about 2.7 times the load,
		// and the other still gets a fair share
		assertThat(assigned.get("sofia")).isBetween(70, 76);
		assertThat(assigned.get("lars")).isBetween(24, 30);
	}

	@Test
	void aNewRepStartsAtTheTeamRateAndGetsAFairShare() {
		Map<String, TrackRecord> records = Map.of("lars", new TrackRecord(8, 20, 6), "sofia",
				new TrackRecord(12, 20, 6));

		List<Candidate> ranked = TeamPick.rank(List.of("lars", "sofia", "nora"), records, 5);

		Candidate nora = ranked.stream().filter(c -> c.user().equals("nora")).findFirst().orElseThrow();
		assertThat(nora.winRate()).isEqualTo(0.5);
		assertThat(ranked.get(0).user()).isEqualTo("nora");
	}

	@Test
	void withNoHistoryTheMemberWithTheFewestOpenLeadsGetsIt() {
		List<Candidate> ranked = TeamPick.rank(List.of("ingrid", "lars", "mikkel"),
				Map.of("ingrid", new TrackRecord(0, 0, 4), "lars", new TrackRecord(0, 0, 2)), 5);

		assertThat(ranked).extracting(Candidate::user).containsExactly("mikkel", "lars", "ingrid");
	}

}
