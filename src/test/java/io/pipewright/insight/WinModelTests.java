package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The counting and the back-off on a history small enough to work out by hand: prior
 * strength 2, at least 3 closed leads per comparison.
 *
 * <pre>
 * A, budget, B   4 leads, 3 won
 * A, B, budget   2 leads, 0 won
 * A              4 leads, 0 won
 * pipeline       (3 + 2 x 0.5) / (10 + 2)               = 0.3333
 * stage B        (3 + 2 x 0.3333) / (6 + 2)             = 0.4583
 * {A, B, budget} (3 + 2 x 0.4583) / (6 + 2)             = 0.4896
 * A, budget, B   (3 + 2 x 0.4896) / (4 + 2)             = 0.6632
 * stage A        (3 + 2 x 0.3333) / (10 + 2)            = 0.3056
 * </pre>
 */
class WinModelTests {

	private static final String A = "s:A";

	private static final String B = "s:B";

	private static final String BUDGET = "f:budgetConfirmed";

	private final WinModel model = new WinModel(2, 3);

	WinModelTests() {
		learn(4, 3, A, BUDGET, B);
		learn(2, 0, A, B, BUDGET);
		learn(4, 0, A);
	}

	@Test
	void theSamePathInTheSameOrderIsShrunkTowardTheSameMilestonesInAnyOrder() {
		WinModel.Estimate estimate = model.estimate(List.of(A, BUDGET, B), "B");

		assertThat(estimate.level()).isEqualTo(WinModel.Level.PATH);
		assertThat(estimate.leads()).isEqualTo(4);
		assertThat(estimate.won()).isEqualTo(3);
		assertThat(estimate.value()).isCloseTo(0.6632, within(0.0001));
		assertThat(PathProbabilities.basis(estimate, List.of(A, BUDGET, B), "B",
				Map.of("A", "Prospecting", "B", "Offer"), MESSAGES, Locale.ENGLISH))
			.isEqualTo("4 closed leads took the same steps in the same order (Prospecting, budget confirmed, Offer);"
					+ " 3 of them were won.");
	}

	@Test
	void tooFewOnThePathFallsBackToTheMilestonesThenTheStageThenThePipeline() {
		WinModel.Estimate milestones = model.estimate(List.of(A, B, BUDGET), "B");
		assertThat(milestones.level()).isEqualTo(WinModel.Level.MILESTONES);
		assertThat(milestones.leads()).isEqualTo(6);
		assertThat(milestones.value()).isCloseTo(0.4896, within(0.0001));

		// two leads went A then B: too few, and no other lead had just those two
		WinModel.Estimate stage = model.estimate(List.of(A, B), "B");
		assertThat(stage.level()).isEqualTo(WinModel.Level.STAGE);
		assertThat(stage.leads()).isEqualTo(6);
		assertThat(stage.value()).isCloseTo(0.4583, within(0.0001));
		assertThat(PathProbabilities.basis(stage, List.of(A, B), "B", Map.of("B", "Offer"), MESSAGES, Locale.ENGLISH))
			.isEqualTo("Too few closed leads took the same steps; 6 closed leads reached Offer; 3 of them were won.");

		WinModel.Estimate unseenFact = model.estimate(List.of(A, "f:meetingAgreed"), "A");
		assertThat(unseenFact.level()).isEqualTo(WinModel.Level.STAGE);
		assertThat(unseenFact.value()).isCloseTo(0.3056, within(0.0001));

		WinModel.Estimate pipeline = model.estimate(List.of(), "Z");
		assertThat(pipeline.level()).isEqualTo(WinModel.Level.PIPELINE);
		assertThat(pipeline.leads()).isEqualTo(10);
		assertThat(pipeline.value()).isCloseTo(0.3333, within(0.0001));
		assertThat(PathProbabilities.basis(pipeline, List.of(), "Z", Map.of(), MESSAGES, Locale.ENGLISH)).isEqualTo(
				"Too few closed leads are like this one yet; of all 10 closed leads of the pipeline, 3 were won.");
	}

	@Test
	void theBasisIsWrittenInTheReadersLanguageWithOneLeadInTheSingular() {
		WinModel.Estimate estimate = model.estimate(List.of(A, BUDGET, B), "B");
		assertThat(PathProbabilities.basis(estimate, List.of(A, BUDGET, B), "B",
				Map.of("A", "Prospektering", "B", "Tilbud"), MESSAGES, Locale.forLanguageTag("nb")))
			.isEqualTo("4 avsluttede kunder tok de samme stegene i samme rekkefølge (Prospektering, budget confirmed,"
					+ " Tilbud); 3 av dem ble vunnet.");

		WinModel single = new WinModel(5, 1);
		single.learn(new WinModel.Path(List.of(A), true));
		WinModel.Estimate one = single.estimate(List.of(A), "A");
		assertThat(PathProbabilities.basis(one, List.of(A), "A", Map.of("A", "Prospecting"), MESSAGES, Locale.ENGLISH))
			.isEqualTo("1 closed lead took the same steps in the same order (Prospecting); 1 of them was won.");
		assertThat(PathProbabilities.basis(one, List.of(A), "A", Map.of("A", "Prospektering"), MESSAGES,
				Locale.forLanguageTag("nb")))
			.isEqualTo(
					"1 avsluttet kunde tok de samme stegene i samme rekkefølge (Prospektering); 1 av dem ble vunnet.");
	}

	/** The server's words, as Spring Boot reads them. */
	private static final MessageSource MESSAGES = messages();

	private static MessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

	private void learn(int leads, int won, String... milestones) {
		for (int i = 0; i < leads; i++) {
			model.learn(new WinModel.Path(List.of(milestones), i < won));
		}
	}

}
