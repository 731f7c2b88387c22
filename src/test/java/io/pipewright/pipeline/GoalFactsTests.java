package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoalFactsTests {

	@Test
	void factsAreTheFreeNamesLessLeadFieldsKeywordsAndFunctions() {
		assertThat(GoalFacts.of("${budgetConfirmed && value > 50000 and not empty decisionMaker}"))
			.containsExactly("budgetConfirmed", "decisionMaker");
		assertThat(GoalFacts.of("${source == 'webinar' || referral.name != null || dateTime().isAfter(x)}"))
			.containsExactly("referral", "x");
		assertThat(GoalFacts.of(null)).isEmpty();
	}

}
