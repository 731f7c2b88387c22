package io.pipewright.demo;

import io.pipewright.lead.Currency;
import io.pipewright.lead.LeadFilter;
import io.pipewright.lead.LeadService;
import io.pipewright.lead.LeadView;
import io.pipewright.lead.NewLead;
import io.pipewright.security.Role;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The {@code demo} profile (on for {@code ./mvnw spring-boot:run}): a Scandinavian sales
 * team with leads on every step of the staircase, so a first look shows a living
 * pipeline. Seeded once, into an empty database; the leads are moved by reporting facts
 * and doing tasks, exactly as a team would.
 */
@Component
@Profile("demo")
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoTeam implements ApplicationRunner {

	static final String PASSWORD = "demo";

	static final String TEAM = "sales";

	private static final Logger log = LoggerFactory.getLogger(DemoTeam.class);

	private record Rep(String id, String first, String last, String email, Role role) {
	}

	/**
	 * The reps, the team's manager (in the team, so she sees its leads) and marketing.
	 */
	private static final List<Rep> REPS = List.of(new Rep("ingrid", "Ingrid", "Berg", "ingrid@example.no", Role.REP),
			new Rep("lars", "Lars", "Haugen", "lars@example.no", Role.REP),
			new Rep("sofia", "Sofia", "Lindqvist", "sofia@example.se", Role.REP),
			new Rep("mikkel", "Mikkel", "Sørensen", "mikkel@example.dk", Role.REP),
			new Rep("kari", "Kari", "Nordmann", "kari@example.no", Role.MANAGER));

	private static final Rep MARKETING = new Rep("nora", "Nora", "Dahl", "nora@example.no", Role.MARKETING);

	/** Facts that carry a lead up to each step of the staircase, in order. */
	private static final List<Map<String, Object>> STEPS = List.of(Map.of(), Map.of("interestConfirmed", true),
			Map.of("meetingAgreed", true), Map.of("needConfirmed", true, "budgetConfirmed", true),
			Map.of("decisionMakersMet", true), Map.of("offerAccepted", true));

	private record Seed(String name, String company, String rep, int value, Currency currency, String territory,
			String product, String source, int step) {
	}

	private static final List<Seed> LEADS = List.of(
			new Seed("Kari Nordmann", "Fjordkraft Industri AS", "ingrid", 180_000, Currency.NOK, "Vestland", "Platform",
					"Web form", 0),
			new Seed("Ole Brekke", "Brekke Bygg AS", "ingrid", 65_000, Currency.NOK, "Vestland", "Services", "Referral",
					0),
			new Seed("Anna Svensson", "Norrsken Logistik AB", "sofia", 240_000, Currency.SEK, "Stockholm", "Platform",
					"Trade fair", 0),
			new Seed("Jonas Dahl", "Dahl Maskin AS", "lars", 95_000, Currency.NOK, "Oslo", "Platform", "Cold call", 1),
			new Seed("Freja Nielsen", "Havblik ApS", "mikkel", 120_000, Currency.DKK, "København", "Services",
					"Web form", 1),
			new Seed("Erik Lund", "Lund Elektro AS", "lars", 310_000, Currency.NOK, "Oslo", "Platform", "Referral", 1),
			new Seed("Maja Holm", "Holm & Co AB", "sofia", 75_000, Currency.SEK, "Göteborg", "Services", "Web form", 2),
			new Seed("Sander Aas", "Aas Transport AS", "ingrid", 150_000, Currency.NOK, "Vestland", "Platform",
					"Trade fair", 2),
			new Seed("Ida Mortensen", "Nordlys Energi A/S", "mikkel", 28_000, Currency.EUR, "Aarhus", "Platform",
					"Referral", 2),
			new Seed("Henrik Berg", "Berg Fisk AS", "lars", 420_000, Currency.NOK, "Nordland", "Platform", "Cold call",
					3),
			new Seed("Elin Ek", "Ek Skog AB", "sofia", 560_000, Currency.SEK, "Norrland", "Platform", "Trade fair", 3),
			new Seed("Magnus Strand", "Strand Hotell AS", "ingrid", 88_000, Currency.NOK, "Rogaland", "Services",
					"Web form", 4),
			new Seed("Sara Poulsen", "Poulsen Design ApS", "mikkel", 210_000, Currency.DKK, "Odense", "Services",
					"Referral", 4),
			new Seed("Tor Hansen", "Hansen Verft AS", "lars", 750_000, Currency.NOK, "Møre", "Platform", "Referral", 5),
			new Seed("Linnea Berg", "Berg Media AB", "sofia", 130_000, Currency.SEK, "Malmö", "Services", "Web form",
					5),
			// no rep given: the routing tables pick the pipeline and the team member
			new Seed("Astrid Moe", "Moe Marine AS", null, 140_000, Currency.NOK, "Vestland", "Platform",
					"Existing customer", 0),
			new Seed("Johan Ek", "Ek Bageri AB", null, 60_000, Currency.SEK, "Göteborg", "Support", "Web form", 0),
			new Seed("Rasmus Lund", "Lund Rådgivning ApS", null, 95_000, Currency.DKK, "Aarhus", "Platform", "Web form",
					0),
			new Seed("Mari Solberg", "Solberg Kraft AS", null, 1_200_000, Currency.NOK, "Oslo", "Platform",
					"Trade fair", 0));

	/** Teams as the shipped routing tables name them, with their members. */
	private static final Map<String, List<String>> TEAMS = Map.of("norway", List.of("ingrid", "lars"), "sweden",
			List.of("sofia"), "denmark", List.of("mikkel"), "services", List.of("ingrid", "mikkel"), "seniorClosers",
			List.of("lars", "sofia"), "accountManagers", List.of("ingrid", "mikkel"));

	private final IdentityService identity;

	private final LeadService leads;

	private final TaskService tasks;

	DemoTeam(IdentityService identity, LeadService leads, TaskService tasks) {
		this.identity = identity;
		this.leads = leads;
		this.tasks = tasks;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (leads.list(new LeadFilter(null, null, null, null), 0, 1).total() > 0) {
			return;
		}
		team();
		LocalDate today = LocalDate.now();
		int i = 0;
		for (Seed seed : LEADS) {
			LeadView lead = leads
				.create(new NewLead(seed.name(), seed.company(), email(seed), null, BigDecimal.valueOf(seed.value()),
						seed.currency(), seed.territory(), seed.product(), seed.source(), seed.rep(), null,
						"demo-" + (++i), today.plusWeeks(2L + seed.step() * 2L)), "demo")
				.lead();
			for (int step = 1; step <= seed.step(); step++) {
				leads.reportFacts(lead.id(), STEPS.get(step), seed.rep());
			}
			if (i % 3 == 0) {
				// someone has started on the stage's work
				tasks.createTaskQuery()
					.processInstanceBusinessKey(lead.id())
					.listPage(0, 1)
					.forEach(task -> tasks.complete(task.getId()));
			}
		}
		closed(today);
		log.info("Demo team ready: reps and manager {} (password '{}') in group '{}', marketing '{}', {} leads",
				REPS.stream().map(Rep::id).toList(), PASSWORD, TEAM, MARKETING.id(), LEADS.size() + 2);
	}

	private void closed(LocalDate today) {
		LeadView won = leads
			.create(new NewLead("Nils Vik", "Vik Sjømat AS", "nils@vik.example", null, BigDecimal.valueOf(320_000),
					Currency.NOK, "Vestland", "Platform", "Referral", "ingrid", null, "demo-won", today), "demo")
			.lead();
		Map<String, Object> facts = new LinkedHashMap<>();
		STEPS.forEach(facts::putAll);
		leads.reportFacts(won.id(), facts, "ingrid");
		leads.win(won.id(), BigDecimal.valueOf(300_000), "ingrid");
		LeadView lost = leads
			.create(new NewLead("Emma Karlsson", "Karlsson Bygg AB", "emma@karlsson.example", null,
					BigDecimal.valueOf(90_000), Currency.SEK, "Stockholm", "Services", "Cold call", "sofia", null,
					"demo-lost", today), "demo")
			.lead();
		leads.reportFacts(lost.id(), STEPS.get(1), "sofia");
		leads.lose(lost.id(), "Chose a cheaper local supplier", "sofia");
	}

	private void team() {
		if (identity.createGroupQuery().groupId(TEAM).count() == 0) {
			Group group = identity.newGroup(TEAM);
			group.setName("Sales team");
			group.setType("WORKFLOW");
			identity.saveGroup(group);
		}
		for (Rep rep : REPS) {
			if (person(rep)) {
				identity.createMembership(rep.id(), TEAM);
			}
		}
		person(MARKETING);
		TEAMS.forEach((team, members) -> {
			if (identity.createGroupQuery().groupId(team).count() == 0) {
				Group group = identity.newGroup(team);
				group.setName(team);
				group.setType("WORKFLOW");
				identity.saveGroup(group);
				members.forEach(member -> identity.createMembership(member, team));
			}
		});
	}

	/** Creates the user with their role, unless they exist; whether they were created. */
	private boolean person(Rep rep) {
		if (identity.createUserQuery().userId(rep.id()).count() > 0) {
			return false;
		}
		User user = identity.newUser(rep.id());
		user.setFirstName(rep.first());
		user.setLastName(rep.last());
		user.setEmail(rep.email());
		user.setPassword(PASSWORD);
		identity.saveUser(user);
		identity.createMembership(rep.id(), rep.role().group());
		return true;
	}

	private static String email(Seed seed) {
		String first = seed.name().split(" ")[0].toLowerCase(java.util.Locale.ROOT);
		String domain = seed.company().split(" ")[0].toLowerCase(java.util.Locale.ROOT)
			.replace("å", "a")
			.replace("ø", "o");
		return first + "@" + domain + ".example";
	}

}
