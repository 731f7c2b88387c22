package io.pipewright.board;

import io.pipewright.insight.StageNorms;
import io.pipewright.lead.LeadAccess;
import io.pipewright.lead.LeadService;
import io.pipewright.lead.WinProbabilities;
import io.pipewright.lead.WinProbability;

import io.pipewright.pipeline.Pipeline;
import io.pipewright.security.Role;
import io.pipewright.security.Viewer;
import io.pipewright.security.Viewers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds a pipeline's board for the viewer: the leads they may see (the API's rule: a rep
 * their own, a manager their teams', an admin and marketing all), values hidden from
 * marketing.
 */
@Service
class BoardService {

	static final int PAGE_SIZE = 20;

	private final BoardQueries queries;

	private final Viewers viewers;

	private final IdentityService identity;

	private final LeadAccess access;

	private final StageNorms norms;

	private final LeadService leads;

	private final WinProbabilities probabilities;

	private final Clock clock = Clock.systemUTC();

	BoardService(BoardQueries queries, Viewers viewers, IdentityService identity, LeadAccess access, StageNorms norms,
			LeadService leads, WinProbabilities probabilities) {
		this.probabilities = probabilities;
		this.leads = leads;
		this.access = access;
		this.queries = queries;
		this.viewers = viewers;
		this.identity = identity;
		this.norms = norms;
	}

	Viewer viewer() {
		return viewers.current();
	}

	/** The owners whose leads the viewer sees, as the API lists them: null for all. */
	Set<String> visibleOwners(Viewer viewer) {
		return access.visibleOwners(viewer);
	}

	/** Marketing, and no stronger role, sees no values: the API's contact-only rule. */
	static boolean seesValues(Viewer viewer) {
		return !LeadAccess.contactOnly(viewer);
	}

	/** The teams the viewer may filter by: all of them for an admin, else their own. */
	List<String> teams(Viewer viewer) {
		Set<String> teams = new TreeSet<>();
		if (viewer.seesAllLeads() || viewer.is(Role.MARKETING)) {
			identity.createGroupQuery()
				.list()
				.stream()
				.map(Group::getId)
				.filter(id -> Role.ofGroup(id).isEmpty())
				.forEach(teams::add);
		}
		else {
			teams.addAll(viewer.teams());
		}
		return List.copyOf(teams);
	}

	/** The owners to show: those the viewer may see, narrowed to a team's members. */
	Set<String> owners(Viewer viewer, String team) {
		Set<String> visible = visibleOwners(viewer);
		if (team == null) {
			return visible;
		}
		Set<String> members = new HashSet<>();
		identity.createUserQuery().memberOfGroup(team).list().stream().map(User::getId).forEach(members::add);
		if (visible != null) {
			members.retainAll(visible);
		}
		return members;
	}

	@Transactional(readOnly = true)
	Board board(Pipeline pipeline, BoardFilter filter, boolean values, String pagedStage, int page, Locale locale) {
		Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
		Map<String, Map<String, BigDecimal>> sums = new LinkedHashMap<>();
		for (BoardQueries.Total total : queries.totals(pipeline.key(), filter)) {
			counts.computeIfAbsent(total.stageId(), s -> new LinkedHashMap<>())
				.put(total.currency(), new long[] { total.count() });
			sums.computeIfAbsent(total.stageId(), s -> new java.util.TreeMap<>())
				.put(total.currency(), total.value() == null ? BigDecimal.ZERO : total.value());
		}
		Map<String, StageNorms.Odds> outcomes = values ? norms.odds(pipeline.key()) : Map.of();
		Map<String, Duration> usualTimes = norms.usualTimes(pipeline.key());
		Instant now = clock.instant();

		Map<String, List<BoardQueries.Card>> cards = new LinkedHashMap<>();
		for (Pipeline.Stage stage : pipeline.stages()) {
			int stagePage = stage.id().equals(pagedStage) ? page : 0;
			cards.put(stage.id(), queries.cards(pipeline.key(), filter, stage.id(), stagePage, PAGE_SIZE + 1));
		}
		List<String> shown = cards.values()
			.stream()
			.flatMap(list -> list.stream().limit(PAGE_SIZE))
			.map(BoardQueries.Card::id)
			.toList();
		Map<String, Integer> overdue = queries.overdueTasks(shown, now);
		Map<String, Integer> slips = leads.closeDateSlips(shown);
		// one bulk call for the shown cards; a sales figure, hidden where values are
		Map<String, WinProbability> chances = values ? probabilities.of(shown, locale) : Map.of();

		NumberFormat amounts = NumberFormat.getIntegerInstance(locale);
		List<Board.Column> columns = new ArrayList<>();
		for (Pipeline.Stage stage : pipeline.stages()) {
			long count = counts.getOrDefault(stage.id(), Map.of()).values().stream().mapToLong(c -> c[0]).sum();
			Map<String, BigDecimal> stageSums = sums.getOrDefault(stage.id(), Map.of());
			StageNorms.Odds outcome = outcomes.get(stage.id());
			BigDecimal probability = outcome == null ? null : outcome.wonShare();
			Duration usual = usualTimes.get(stage.id());
			List<String> totals = new ArrayList<>();
			List<String> weighted = new ArrayList<>();
			if (values) {
				stageSums.forEach((currency, sum) -> {
					totals.add(amounts.format(sum) + " " + currency);
					if (probability != null) {
						weighted.add(amounts.format(sum.multiply(probability)) + " " + currency);
					}
				});
			}
			int stagePage = stage.id().equals(pagedStage) ? page : 0;
			List<BoardQueries.Card> rows = cards.get(stage.id());
			List<Board.Card> stageCards = rows.stream()
				.limit(PAGE_SIZE)
				.map(card -> card(card, values, amounts, now, usual, overdue, slips, chances.get(card.id())))
				.toList();
			columns.add(new Board.Column(stage.id(), stage.name(), count, totals, weighted,
					probability == null ? null
							: probability.movePointRight(2).setScale(0, RoundingMode.HALF_UP).intValue(),
					outcome == null ? 0 : outcome.decided(), usual == null ? null : Math.max(1, usual.toDays()),
					stageCards, stagePage, rows.size() > PAGE_SIZE));
		}
		return new Board(pipeline.key(), pipeline.name(), columns, values);
	}

	private static Board.Card card(BoardQueries.Card card, boolean values, NumberFormat amounts, Instant now,
			Duration usual, Map<String, Integer> overdue, Map<String, Integer> slips, WinProbability chance) {
		String title = card.company() == null || card.company().isBlank() ? card.name() : card.company();
		String person = title.equals(card.name()) ? null : card.name();
		String value = values && card.value() != null ? amounts.format(card.value()) + " " + card.currency() : null;
		Duration inStage = card.stageEnteredAt() == null ? Duration.ZERO : Duration.between(card.stageEnteredAt(), now);
		return new Board.Card(card.id(), title, person, value, card.owner(), inStage.toDays(),
				overdue.getOrDefault(card.id(), 0), usual != null && inStage.compareTo(usual) > 0,
				slips.getOrDefault(card.id(), 0),
				chance == null ? null : chance.value().movePointRight(2).setScale(0, RoundingMode.HALF_UP).intValue(),
				chance == null ? null : chance.basis());
	}

	List<String> values(Pipeline pipeline, String column, Set<String> owners) {
		return queries.values(pipeline.key(), column, owners);
	}

}
