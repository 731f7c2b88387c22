package io.pipewright.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.pipeline.ContractTestEngine;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped routing tables (bpmn/routing.dmn), deployed and evaluated on a real engine
 * as the server does, rule by rule.
 */
class RoutingTablesDecisionTests {

	static final ContractTestEngine engine = new ContractTestEngine();

	static DecisionService decisions;

	@BeforeAll
	static void deploy() {
		engine.engine().getRepositoryService().createDeployment().addClasspathResource("bpmn/routing.dmn").deploy();
		decisions = engine.engine().getDecisionService();
	}

	@ParameterizedTest(name = "{1} {0} is {2}")
	@CsvSource(nullValues = "null",
			value = { "9999.99, EUR, small", "10000, EUR, medium", "49999, EUR, medium", "50000, EUR, large",
					"74999, DKK, small", "75000, DKK, medium", "375000, DKK, large", "99999, NOK, small",
					"100000, NOK, medium", "499999, SEK, medium", "500000, SEK, large", "750000, NOK, large",
					"null, NOK, unknown" })
	void valueTiersFollowEachCurrency(Double value, String currency, String tier) {
		Map<String, Object> lead = lead();
		lead.put("value", value);
		lead.put("currency", currency);

		assertThat(evaluate("valueTier", lead).getSingleResult().getEntry("valueTier").toString()).isEqualTo(tier);
	}

	@ParameterizedTest(name = "source {0}, product line {1}, {2} {3}: {4}")
	@CsvSource(nullValues = "null",
			value = { "Existing customer, Platform, 80000, NOK, renewals",
					"Existing customer, Platform, 900000, NOK, new-business", "Web form, Renewal, 40000, NOK, renewals",
					"Referral, Support, 40000, SEK, renewals", "Web form, Platform, 40000, NOK, new-business",
					"null, null, null, NOK, new-business" })
	void pipelineRoutingSendsExistingCustomersToRenewalsUnlessTheDealIsLarge(String source, String productLine,
			Double value, String currency, String pipeline) {
		Map<String, Object> lead = lead();
		lead.put("source", source);
		lead.put("productLine", productLine);
		lead.put("value", value);
		lead.put("currency", currency);

		Map<String, Object> result = evaluate("pipelineRouting", lead).getSingleResult().getEntryMap();

		assertThat(result.get("pipeline")).isEqualTo(pipeline);
		assertThat(result.get("reason")).asString().isNotBlank();
	}

	@ParameterizedTest(name = "{0} {1} {2} {3} {4}: team {5}")
	@CsvSource(nullValues = "null", value = { "renewals, Oslo, Platform, 900000, NOK, accountManagers",
			"new-business, Oslo, Platform, 900000, NOK, seniorClosers",
			"new-business, Stockholm, Services, 50000, SEK, services",
			"new-business, Vestland, Platform, 50000, NOK, norway", "new-business, Malmö, Platform, 50000, SEK, sweden",
			"new-business, Aarhus, Platform, 20000, EUR, denmark",
			"new-business, Helsinki, Platform, 20000, EUR, sales", "new-business, null, null, null, NOK, sales" })
	void ownerRoutingNamesATeamByPipelineValueProductLineAndTerritory(String pipeline, String territory,
			String productLine, Double value, String currency, String team) {
		Map<String, Object> lead = lead();
		lead.put("pipeline", pipeline);
		lead.put("territory", territory);
		lead.put("productLine", productLine);
		lead.put("value", value);
		lead.put("currency", currency);

		Map<String, Object> result = evaluate("ownerRouting", lead).getSingleResult().getEntryMap();

		assertThat(result.get("team")).isEqualTo(team);
		assertThat(result.get("owner")).isNull();
		assertThat(result.get("reason")).asString().isNotBlank();
	}

	@Test
	void closerRoutingHandsOnlyLargeOffersToSeniorClosers() {
		Map<String, Object> large = lead();
		large.put("value", 2_000_000.0);
		Map<String, Object> medium = lead();
		medium.put("value", 200_000.0);

		assertThat(evaluate("closerRouting", large).getSingleResult().getEntryMap()).containsEntry("team",
				"seniorClosers");
		Map<String, Object> kept = evaluate("closerRouting", medium).getSingleResult().getEntryMap();
		assertThat(kept.get("team")).isNull();
		assertThat(kept.get("owner")).isNull();
		assertThat(kept.get("reason")).isEqualTo("Only large offers change hands");
	}

	private static Map<String, Object> lead() {
		Map<String, Object> lead = new HashMap<>();
		for (String field : new String[] { "pipeline", "owner", "source", "productLine", "territory", "value" }) {
			lead.put(field, null);
		}
		lead.put("currency", "NOK");
		return lead;
	}

	private static DmnDecisionResult evaluate(String key, Map<String, Object> variables) {
		return decisions.evaluateDecisionByKey(key).variables(variables).evaluate();
	}

}
