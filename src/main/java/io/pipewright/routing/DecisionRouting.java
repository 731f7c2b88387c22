package io.pipewright.routing;

import io.pipewright.pipeline.Pipelines;
import io.pipewright.routing.RoutingTables.TableProblem;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Routing by the DMN decisions in {@code bpmn/routing.dmn} (or whatever an admin deploys
 * under the configured keys). Every answer says why, in words shown on the lead; when a
 * table cannot be followed the lead goes to the configured fallback and the reason is
 * logged.
 */
@Service
@EnableConfigurationProperties(RoutingProperties.class)
class DecisionRouting implements Routing {

	/** Output columns the routing tables may have. */
	static final String PIPELINE = "pipeline";

	static final String OWNER = "owner";

	static final String TEAM = "team";

	static final String REASON = "reason";

	static final String VALUE_TIER = "valueTier";

	private static final Logger log = LoggerFactory.getLogger(DecisionRouting.class);

	private final RoutingProperties properties;

	private final RoutingTables tables;

	private final IdentityService identity;

	private final Pipelines pipelines;

	private final TrackRecords records;

	DecisionRouting(RoutingProperties properties, RoutingTables tables, IdentityService identity, Pipelines pipelines,
			TrackRecords records) {
		this.properties = properties;
		this.tables = tables;
		this.identity = identity;
		this.pipelines = pipelines;
		this.records = records;
	}

	@Override
	public Assignment route(LeadDraft draft) {
		String tier = valueTier(draft);
		Choice pipeline = pipeline(draft, tier);
		LeadDraft routed = new LeadDraft(pipeline.value, draft.owner(), draft.source(), draft.productLine(),
				draft.territory(), draft.value(), draft.currency());
		Owner owner;
		if (draft.owner() != null) {
			owner = new Owner(draft.owner(), null, "given when the lead was created", false, List.of());
		}
		else {
			owner = byDecision(properties.ownerDecision(), routed, tier, false);
		}
		return assignment(pipeline.value, tier, "Pipeline: " + pipeline.reason + ". Owner: " + owner.reason + ".",
				pipeline.fallback, owner);
	}

	@Override
	public Assignment reassign(LeadDraft lead, String valueTier, AssignTarget target) {
		String tier = valueTier != null ? valueTier : valueTier(lead);
		Owner owner;
		if (target.owner() != null) {
			owner = userExists(target.owner())
					? new Owner(target.owner(), null, "named by the pipeline's assign-lead task", false, List.of())
					: keep(lead, "the assign-lead task names user '" + target.owner() + "', who does not exist", true);
		}
		else if (target.team() != null) {
			owner = team(target.team(), lead, tier, "the assign-lead task", true);
		}
		else {
			owner = byDecision(target.decision() != null ? target.decision() : properties.ownerDecision(), lead, tier,
					true);
		}
		return assignment(lead.pipeline(), tier, "Owner: " + owner.reason + ".", false, owner);
	}

	@Override
	public String valueTier(LeadDraft lead) {
		try {
			return tables.evaluate(properties.valueTierDecision(), lead)
				.map(outputs -> RoutingTables.text(outputs, VALUE_TIER))
				.orElse(null);
		}
		catch (TableProblem ex) {
			log.debug("No value tier: {}", ex.getMessage());
			return null;
		}
	}

	private Assignment assignment(String pipeline, String tier, String reason, boolean pipelineFallback, Owner owner) {
		boolean fallback = pipelineFallback || owner.fallback;
		if (fallback) {
			log.warn("Routing fell back: {}", reason);
		}
		return new Assignment(pipeline, owner.user, owner.team, tier, reason, fallback, owner.candidates);
	}

	private record Choice(String value, String reason, boolean fallback) {
	}

	private record Owner(String user, String team, String reason, boolean fallback, List<Candidate> candidates) {
	}

	private Choice pipeline(LeadDraft draft, String tier) {
		if (draft.pipeline() != null) {
			return new Choice(draft.pipeline(), "given when the lead was created", false);
		}
		String key = properties.pipelineDecision();
		Optional<Map<String, Object>> outputs;
		try {
			outputs = tables.evaluate(key, draft);
		}
		catch (TableProblem ex) {
			return fallbackPipeline(ex.getMessage());
		}
		if (outputs.isEmpty()) {
			return fallbackPipeline("no rule of decision '" + key + "' matches " + describe(draft, tier));
		}
		String pipeline = RoutingTables.text(outputs.get(), PIPELINE);
		if (pipeline == null) {
			return fallbackPipeline("the matching rule of decision '" + key + "' names no pipeline");
		}
		if (pipelines.find(pipeline).isEmpty()) {
			return fallbackPipeline("decision '" + key + "' names pipeline '" + pipeline + "', which is not deployed");
		}
		return new Choice(pipeline, because(outputs.get(), "decision '" + key + "'"), false);
	}

	private Choice fallbackPipeline(String problem) {
		return new Choice(properties.fallbackPipeline(), problem + ", so the fallback pipeline '"
				+ properties.fallbackPipeline() + "' (pipewright.routing.fallback-pipeline)", true);
	}

	/**
	 * The owner a decision names. On reassignment a rule that names no one keeps the
	 * current owner; on creation it is a table that cannot be followed.
	 */
	private Owner byDecision(String key, LeadDraft lead, String tier, boolean reassigning) {
		Optional<Map<String, Object>> outputs;
		try {
			outputs = tables.evaluate(key, lead);
		}
		catch (TableProblem ex) {
			return orFallback(lead, ex.getMessage(), reassigning);
		}
		if (outputs.isEmpty()) {
			return orFallback(lead, "no rule of decision '" + key + "' matches " + describe(lead, tier), reassigning);
		}
		String why = because(outputs.get(), "decision '" + key + "'");
		String user = RoutingTables.text(outputs.get(), OWNER);
		String team = RoutingTables.text(outputs.get(), TEAM);
		if (user != null) {
			return userExists(user) ? new Owner(user, null, why, false, List.of()) : orFallback(lead,
					"decision '" + key + "' names user '" + user + "', who does not exist", reassigning);
		}
		if (team != null) {
			return team(team, lead, tier, why, reassigning);
		}
		if (reassigning) {
			return new Owner(lead.owner(), null, why + "; the owner stays", false, List.of());
		}
		return orFallback(lead, "the matching rule of decision '" + key + "' names neither an owner nor a team", false);
	}

	private Owner team(String team, LeadDraft lead, String tier, String why, boolean reassigning) {
		List<String> members = identity.createUserQuery()
			.memberOfGroup(team)
			.list()
			.stream()
			.map(User::getId)
			.sorted()
			.toList();
		if (members.isEmpty()) {
			boolean exists = identity.createGroupQuery().groupId(team).count() > 0;
			return orFallback(lead,
					why + " names team '" + team + "', which " + (exists ? "has no members" : "does not exist"),
					reassigning);
		}
		List<Candidate> ranked = TeamPick.rank(members, records.of(members, lead.productLine(), tier),
				properties.priorStrength());
		Candidate best = ranked.get(0);
		return new Owner(best.user(), team, why + ": team '" + team + "', " + explain(best, ranked, lead, tier), false,
				ranked);
	}

	private static String explain(Candidate best, List<Candidate> ranked, LeadDraft lead, String tier) {
		int closed = ranked.stream().mapToInt(Candidate::closed).sum();
		if (closed == 0) {
			return "no similar closed leads yet (" + similar(lead, tier)
					+ "), so the member with the fewest open leads: " + best.user() + " (" + best.open() + " open)";
		}
		int won = ranked.stream().mapToInt(Candidate::won).sum();
		return best.user() + " has the best win rate for the open leads they hold: " + percent(best.winRate())
				+ " expected from " + best.won() + " won of " + best.closed() + " similar closed leads ("
				+ similar(lead, tier) + "; team " + percent(TeamPick.teamRate(won, closed)) + " of " + closed + "), "
				+ best.open() + " open";
	}

	private static String similar(LeadDraft lead, String tier) {
		return "product line " + (lead.productLine() == null ? "none" : lead.productLine()) + ", value tier "
				+ (tier == null ? "none" : tier);
	}

	private static String percent(double rate) {
		return String.format(Locale.ROOT, "%.0f %%", rate * 100);
	}

	/**
	 * When the table can't be followed: a running lead keeps its owner, a new one falls
	 * back.
	 */
	private Owner orFallback(LeadDraft lead, String problem, boolean reassigning) {
		if (reassigning && lead.owner() != null) {
			return keep(lead, problem, true);
		}
		String fallback = properties.fallbackOwner();
		if (fallback == null) {
			return new Owner(null, null, problem
					+ ", and no fallback owner is configured (pipewright.routing.fallback-owner), so its tasks wait unassigned",
					true, List.of());
		}
		if (!userExists(fallback)) {
			return new Owner(null, null,
					problem + ", and the fallback owner '" + fallback
							+ "' (pipewright.routing.fallback-owner) does not exist, so its tasks wait unassigned",
					true, List.of());
		}
		return new Owner(fallback, null,
				problem + ", so the fallback owner '" + fallback + "' (pipewright.routing.fallback-owner)", true,
				List.of());
	}

	private static Owner keep(LeadDraft lead, String problem, boolean fallback) {
		return new Owner(lead.owner(), null, problem + ", so the owner stays", fallback, List.of());
	}

	private boolean userExists(String user) {
		return identity.createUserQuery().userId(user).count() > 0;
	}

	private static String because(Map<String, Object> outputs, String otherwise) {
		String reason = RoutingTables.text(outputs, REASON);
		return reason != null ? reason : otherwise;
	}

	private static String describe(LeadDraft lead, String tier) {
		return "source '" + lead.source() + "', product line '" + lead.productLine() + "', territory '"
				+ lead.territory() + "', value tier '" + tier + "'";
	}

}
