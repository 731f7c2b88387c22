package io.pipewright.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.lead.LeadService;
import io.pipewright.lead.LeadView;
import io.pipewright.lead.NewLead;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import io.pipewright.TestDatabases;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The list service tasks record what the pipeline wants in the engine's transaction: with
 * the stage change, or not at all.
 */
// one engine named default at a time: close this context when the class is done
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = "pipewright.admin.password=lists-secret")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListTasksIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.fresh().register(registry);
	}

	@Autowired
	LeadService leads;

	@Autowired
	ListMemberships memberships;

	@Autowired
	RepositoryService repository;

	@Autowired
	ListSync sync;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeAll
	void deploy() {
		repository.createDeployment().addClasspathResource("lists/newsletter.bpmn").deploy();
	}

	@Test
	void aPipelineSubscribesAtOneStageAndUnsubscribesAtAnother() {
		LeadView lead = create("lists-1");

		assertThat(memberships.wantedFor(lead.id())).containsExactly(new WantedMembership(lead.id(), "a1b2c3d4e5", true,
				List.of("prospect", "Platform"), "newsletter", "Stage_Nurture"));

		leads.reportFacts(lead.id(), Map.of("qualified", true, "failHere", false), "admin");

		assertThat(memberships.wantedFor(lead.id())).extracting(WantedMembership::subscribed, WantedMembership::stageId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(true, "Stage_Nurture"),
					org.assertj.core.groups.Tuple.tuple(false, "Stage_Sell"));
	}

	@Test
	void whenTheEngineRollsBackNothingIsRecorded() {
		LeadView lead = create("lists-2");
		Integer before = jdbc.queryForObject("select count(*) from pw_list_change", Integer.class);

		assertThatThrownBy(() -> leads.reportFacts(lead.id(), Map.of("qualified", true, "failHere", true), "admin"))
			.isInstanceOf(RuntimeException.class);

		assertThat(jdbc.queryForObject("select count(*) from pw_list_change", Integer.class)).isEqualTo(before);
		assertThat(memberships.wantedFor(lead.id())).singleElement()
			.satisfies(w -> assertThat(w.subscribed()).isTrue());
		assertThat(leads.get(lead.id()).stage().id()).isEqualTo("Stage_Nurture");
	}

	@Test
	void withoutAMailChimpKeyTheChangesWaitPending() {
		LeadView lead = create("lists-3");

		assertThat(sync.isRunning()).isFalse();
		assertThat(jdbc.queryForList("select state from pw_list_change where lead_id = ?", String.class, lead.id()))
			.containsExactly(ListMemberships.PENDING);
	}

	private LeadView create(String externalId) {
		return leads
			.create(new NewLead("Liv Moe", "Moe AS", "liv@moe.example", null, BigDecimal.TEN, null, null, "Platform",
					null, "admin", "newsletter", externalId, null), "admin")
			.lead();
	}

}
